using System.Globalization;
using System.Text.Json.Nodes;
using KnowledgeHub.Features.Courses;
using KnowledgeHub.Infrastructure;
using Marten;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.Certificates;

/// <summary>What machines and files read: the published keys, the issuer profile, revocations, the signed credential and the PDF.</summary>
public static class CertificateEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/.well-known/jwks.json", async (CredentialKeys keys, CertificateIssuer issuer, CancellationToken ct) =>
        {
            var baseUrl = issuer.BaseUrl();
            var set = new JsonArray([.. (await keys.PublishedAsync(ct)).Select(k => (JsonNode)CredentialKeys.Jwk(k, baseUrl))]);
            return Results.Json(new JsonObject { ["keys"] = set }, contentType: "application/jwk-set+json");
        });
        // What a credential's kid dereferences to: one JWK ("Dereferencing the Public Key").
        app.MapGet("/credentials/keys/{id}", async (string id, CredentialKeys keys, CertificateIssuer issuer, CancellationToken ct) =>
            (await keys.PublishedAsync(ct)).FirstOrDefault(k => k.Id == id) is { } key
                ? Results.Json(CredentialKeys.Jwk(key, issuer.BaseUrl()), contentType: "application/jwk+json") : Results.NotFound());
        // What the issuer's id dereferences to: the Profile, with the Open Badges context as in the spec's getProfile example.
        app.MapGet("/credentials/issuer", (CertificateIssuer issuer, IOptions<SiteOptions> site) =>
        {
            var profile = Issuer(issuer.BaseUrl(), site.Value.Name);
            profile.Insert(0, "@context", new JsonArray(OpenBadgeCredential.Contexts[1]));
            return Results.Json(profile);
        });
        // The Bitstring Status List credentials name: signed, and never cached long, so a revocation is seen at once.
        app.MapGet("/credentials/status/{list:int}", async (int list, IQuerySession session, CertificateIssuer issuer, CredentialKeys keys,
            TimeProvider clock, HttpContext http, CancellationToken ct) =>
        {
            if (list < 1 || !await session.Query<Certificate>().AnyAsync(c => c.StatusList == list, ct)) return Results.NotFound();
            var revoked = await session.Query<Certificate>().Where(c => c.StatusList == list && c.Revoked).Select(c => new { c.StatusListIndex }).ToListAsync(ct);
            var baseUrl = issuer.BaseUrl();
            var (key, rsa) = await keys.ActiveAsync(ct);
            using (rsa)
            {
                http.Response.Headers.CacheControl = "no-cache";
                var credential = StatusList.Credential(baseUrl, list, revoked.Select(r => r.StatusListIndex).OfType<int>(), clock.GetUtcNow());
                return Results.Text(OpenBadgeCredential.Sign(credential, key, rsa, baseUrl), OpenBadgeCredential.MediaType);
            }
        }).RequireRateLimiting(CoursesModule.LookupPolicy);
        // The 1EdTech Revocation List named by credentials issued before the status list (deprecated by the spec, kept for them).
        app.MapGet("/credentials/revocations", async (IQuerySession session, CertificateIssuer issuer, CancellationToken ct) =>
        {
            var baseUrl = issuer.BaseUrl();
            var revoked = await session.Query<Certificate>().Where(c => c.Revoked).Select(c => new { c.Id, c.RevokedReason }).ToListAsync(ct);
            return Results.Json(new JsonObject
            {
                ["id"] = $"{baseUrl}/credentials/revocations", ["issuer"] = $"{baseUrl}/credentials/issuer",
                ["revokedCredentials"] = new JsonArray([.. revoked.Select(r => (JsonNode)new JsonObject { ["id"] = OpenBadgeCredential.CertificateUrl(baseUrl, r.Id), ["revocationReason"] = r.RevokedReason })]),
            });
        });
        app.MapGet("/certificates/{code}/credential", async (string code, IQuerySession session, CancellationToken ct) =>
            await FindAsync(session, code, ct) is { } c
                ? Results.Text(c.Credential, OpenBadgeCredential.MediaType)
                : Results.NotFound())
            .RequireRateLimiting(CoursesModule.LookupPolicy);
        app.MapGet("/certificates/{code}/pdf", async (string code, IQuerySession session, CertificatePdf pdf, CertificateIssuer issuer,
            IOptions<SiteOptions> site, IStringLocalizer<SharedResource> L, HttpContext http, CancellationToken ct) =>
        {
            if (await FindAsync(session, code, ct) is not { } c) return Results.NotFound();
            var url = OpenBadgeCredential.CertificateUrl(issuer.BaseUrl(), c.Id);
            var texts = new CertificatePdf.Texts(L["Certificate of completion"], L["This certifies that"], L["has completed the course"],
                string.Format(CultureInfo.CurrentCulture, L["Version {0}, completed on {1:d MMMM yyyy}"], c.Version, c.IssuedAt.UtcDateTime),
                string.Format(L["Certificate code: {0}"], c.Id), L["Check that this certificate is genuine and still valid at:"],
                L["REVOKED: this certificate is no longer valid."]);
            http.Response.Headers.CacheControl = "no-store"; // revocation must show on the next download
            return Results.File(pdf.Render(c, url, site.Value.Name, texts), "application/pdf", $"certificate-{c.Slug}-{c.Id[..8]}.pdf");
        }).RequireRateLimiting(CoursesModule.LookupPolicy);
    }

    public static JsonObject Issuer(string baseUrl, string siteName) => OpenBadgeCredential.Issuer(baseUrl, siteName);

    /// <summary>Malformed codes are refused without a database look-up.</summary>
    public static async Task<Certificate?> FindAsync(IQuerySession session, string? code, CancellationToken ct) =>
        Certificate.IsWellFormed(code) ? await session.LoadAsync<Certificate>(code!, ct) : null;
}
