using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace KnowledgeHub.Features.Certificates;

/// <summary>
/// A certificate of completion. Its id is the public code: 144 random bits, so codes cannot be guessed or walked
/// through. The member's name and the course title are copied at issue: the certificate says what was true then.
/// </summary>
public sealed partial class Certificate
{
    public string Id { get; set; } = "";
    public Guid MemberId { get; set; }
    public string MemberName { get; set; } = "";
    public string Slug { get; set; } = "";
    public int Version { get; set; }
    public string CourseTitle { get; set; } = "";
    public DateTimeOffset IssuedAt { get; set; }
    public bool Revoked { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedReason { get; set; }
    public Guid? RevokedBy { get; set; }
    /// <summary>The Open Badges 3.0 credential, signed as a JWT at issue.</summary>
    public string Credential { get; set; } = "";
    public string KeyId { get; set; } = "";
    /// <summary>The certificate's position in a Bitstring Status List (null for certificates issued before there was one).</summary>
    public int? StatusList { get; set; }
    public int? StatusListIndex { get; set; }

    public static string NewCode() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(18));

    /// <summary>A code of the right shape; anything else is answered without a database look-up.</summary>
    public static bool IsWellFormed(string? code) => code is not null && CodeShape().IsMatch(code);

    [GeneratedRegex("^[A-Za-z0-9_-]{24}$")] private static partial Regex CodeShape();
}

/// <summary>A key that signs credentials. Retired keys stay published so credentials they signed still verify.</summary>
public sealed class CredentialKey
{
    public string Id { get; set; } = "";
    public string Algorithm { get; set; } = "RS256";
    /// <summary>RSA modulus and exponent, base64url, as the JWK publishes them.</summary>
    public string Modulus { get; set; } = "";
    public string Exponent { get; set; } = "";
    /// <summary>The PKCS#8 private key, encrypted with the app's data-protection keys.</summary>
    public string ProtectedPrivateKey { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RetiredAt { get; set; }
    public bool Active => RetiredAt is null;
}
