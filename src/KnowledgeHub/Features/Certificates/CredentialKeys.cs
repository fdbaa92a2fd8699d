using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.AspNetCore.DataProtection;

namespace KnowledgeHub.Features.Certificates;

/// <summary>
/// The keys that sign Open Badges credentials, kept in PostgreSQL (private parts encrypted with data protection), so
/// every node signs with the same key and a restart changes nothing. Rotation retires the active key and makes a new
/// one; every key ever used stays in the published key set.
/// </summary>
public sealed class CredentialKeys(IDocumentStore store, IDataProtectionProvider protection, TimeProvider clock, ILogger<CredentialKeys> logger)
{
    private readonly IDataProtector protector = protection.CreateProtector("KnowledgeHub.Certificates.CredentialKeys");

    public async Task<(CredentialKey Key, RSA Rsa)> ActiveAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var key = await session.Query<CredentialKey>().Where(k => k.RetiredAt == null).OrderByDescending(k => k.CreatedAt).FirstOrDefaultAsync(ct)
            ?? await CreateAsync(retire: false, ct);
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(protector.Unprotect(Convert.FromBase64String(key.ProtectedPrivateKey)), out _);
        return (key, rsa);
    }

    public async Task<CredentialKey> RotateAsync(CancellationToken ct) => await CreateAsync(retire: true, ct);

    /// <summary>Every key, newest first; on a site that has never issued, the first key is made so it is published before use.</summary>
    public async Task<IReadOnlyList<CredentialKey>> PublishedAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var published = await session.Query<CredentialKey>().OrderByDescending(k => k.CreatedAt).ToListAsync(ct);
        return published.Count > 0 ? published : [await CreateAsync(retire: false, ct)];
    }

    /// <summary>The public JWK (never "d"). Its kid is the URL credentials name in their header, so a verifier holding the
    /// key set finds the key by the same value it read from the credential.</summary>
    public static JsonObject Jwk(CredentialKey key, string baseUrl) => new()
    {
        ["kty"] = "RSA", ["use"] = "sig", ["alg"] = key.Algorithm, ["kid"] = OpenBadgeCredential.KeyUrl(baseUrl, key.Id), ["n"] = key.Modulus, ["e"] = key.Exponent,
    };

    private async Task<CredentialKey> CreateAsync(bool retire, CancellationToken ct)
    {
        using var rsa = RSA.Create(3072);
        var parameters = rsa.ExportParameters(false);
        var now = clock.GetUtcNow();
        var key = new CredentialKey
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), Modulus = Base64Url.EncodeToString(parameters.Modulus),
            Exponent = Base64Url.EncodeToString(parameters.Exponent), CreatedAt = now,
            ProtectedPrivateKey = Convert.ToBase64String(protector.Protect(rsa.ExportPkcs8PrivateKey())),
        };
        await using var session = store.LightweightSession();
        if (retire)
            foreach (var old in await session.Query<CredentialKey>().Where(k => k.RetiredAt == null).ToListAsync(ct))
            {
                old.RetiredAt = now;
                session.Store(old);
            }
        session.Insert(key);
        await session.SaveChangesAsync(ct);
        logger.LogInformation("Credential signing key {KeyId} created (rotation: {Rotation})", key.Id, retire);
        return key;
    }
}
