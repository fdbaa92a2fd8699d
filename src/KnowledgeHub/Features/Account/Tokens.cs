using System.Security.Cryptography;
using System.Text;

namespace KnowledgeHub.Features.Account;

/// <summary>Single-use tokens for email links: 256 random bits sent, only their SHA-256 stored.</summary>
public static class Tokens
{
    public static (string Token, string Hash) Create()
    {
        var token = NewSecret();
        return (token, Hash(token));
    }

    /// <summary>256 random bits, URL-safe.</summary>
    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool Matches(string? token, string? storedHash) =>
        !string.IsNullOrEmpty(token) && !string.IsNullOrEmpty(storedHash) && token.Length <= 100 &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token)), Encoding.ASCII.GetBytes(storedHash));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
