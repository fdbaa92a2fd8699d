using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Tests.Infrastructure;

namespace KnowledgeHub.Tests.Courses;

public sealed class CertificateTests(AppFixture app) : CourseTest(app)
{
    private async Task<(string Code, Member Member)> CompleteAsync(string name = "Nima Sherpa")
    {
        var slug = await PublishAsync();
        var member = await Members.AddAsync(name);
        var client = await Members.SignedInAsync(member);
        await EnrolAsync(client, slug);
        var result = await ReadAndAnswerAsync(client, slug, Right);
        await client.SubmitAsync($"/courses/{slug}/lessons/second", new Dictionary<string, string>(), "form[action*='handler=Read']");
        var code = (await client.GetAsync($"/courses/{slug}")).Document.QuerySelector("a[href^='/certificates/']")!.GetAttribute("href")!.Split('/')[2];
        Assert.DoesNotContain("Not passed", result.Text);
        return (code, member);
    }

    [Fact]
    public async Task Anyone_can_verify_a_certificate_without_signing_in_and_bad_codes_get_a_clear_answer()
    {
        var (code, _) = await CompleteAsync();
        Assert.Matches("^[A-Za-z0-9_-]{24}$", code); // 144 random bits

        var page = await Client().GetAsync($"/certificates/{code}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("VALID", page.Text);
        Assert.Contains("Nima Sherpa", page.Text);
        Assert.Contains("Test course on caregiving", page.Text);
        Assert.Contains("Version1", page.Document.QuerySelector("dl")!.TextContent.Replace("\n", "").Replace(" ", ""));

        var tampered = code[..^1] + (code[^1] == 'A' ? 'B' : 'A');
        foreach (var bad in new[] { tampered, "AAAAAAAAAAAAAAAAAAAAAAAA", "1", "drop table", code + "x" })
        {
            var answer = await Client().GetAsync($"/certificates/{Uri.EscapeDataString(bad)}");
            Assert.Equal(HttpStatusCode.NotFound, answer.Status);
            Assert.Contains("No certificate has this code", answer.Text);
        }

        var print = await Client().GetAsync($"/certificates/{code}/print");
        Assert.Contains($"http://localhost/certificates/{code}", print.Text);
        Assert.NotNull(print.Document.QuerySelector("img[src^='data:image/png;base64,']"));
        var pdf = await Client().Http.GetAsync($"/certificates/{code}/pdf");
        Assert.True(pdf.IsSuccessStatusCode, await pdf.Content.ReadAsStringAsync());
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        Assert.StartsWith("%PDF", Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Contains($"http://localhost/certificates/{code}", Encoding.Latin1.GetString(bytes));
    }

    [Fact]
    public async Task An_administrator_revokes_with_a_reason_and_the_verification_page_shows_it()
    {
        var (code, member) = await CompleteAsync();
        var learner = await Members.SignedInAsync(member);
        Assert.NotEqual(HttpStatusCode.OK, (await learner.GetAsync($"/certificates/{code}/revoke")).Status);

        var admin = await Members.SignedInAsync(await Members.AddAsync("Admin Person", roles: Role.Administrator));
        var tooShort = await admin.SubmitAsync($"/certificates/{code}/revoke", new Dictionary<string, string> { ["Reason"] = "no" });
        Assert.Contains("Give a reason", tooShort.Text);
        var revoked = await admin.SubmitAsync($"/certificates/{code}/revoke", new Dictionary<string, string> { ["Reason"] = "Issued by mistake after a data error." });
        Assert.Equal(HttpStatusCode.Redirect, revoked.Status);

        var page = await Client().GetAsync($"/certificates/{code}");
        Assert.Contains("REVOKED", page.Text);
        Assert.Contains("Issued by mistake after a data error.", page.Text);
        Assert.DoesNotContain("VALID:", page.Text);
        using var list = JsonDocument.Parse(await Client().Http.GetStringAsync("/credentials/revocations"));
        Assert.Contains(list.RootElement.GetProperty("revokedCredentials").EnumerateArray(), r => r.GetProperty("id").GetString()!.EndsWith(code));
    }

    [Fact]
    public async Task The_credential_verifies_with_the_published_key_and_fails_when_one_byte_changes()
    {
        var (code, member) = await CompleteAsync();
        var jwt = await Client().Http.GetStringAsync($"/certificates/{code}/credential");
        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);

        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        Assert.Equal("RS256", header.RootElement.GetProperty("alg").GetString());
        var kidUrl = header.RootElement.GetProperty("kid").GetString()!;
        using var jwks = JsonDocument.Parse(await Client().Http.GetStringAsync("/.well-known/jwks.json"));
        var key = jwks.RootElement.GetProperty("keys").EnumerateArray().Single(k => kidUrl.EndsWith("/credentials/keys/" + k.GetProperty("kid").GetString()));
        Assert.True(Verifies(jwt, key));

        // One byte changed anywhere (header, payload or signature) and it no longer verifies.
        foreach (var position in new[] { 5, parts[0].Length + 10, jwt.Length - 5 })
        {
            var chars = jwt.ToCharArray();
            chars[position] = chars[position] == 'A' ? 'B' : 'A';
            Assert.False(Verifies(new string(chars), key));
        }

        // What Open Badges 3.0 requires of an OpenBadgeCredential.
        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        var vc = payload.RootElement;
        Assert.Equal("https://www.w3.org/ns/credentials/v2", vc.GetProperty("@context")[0].GetString());
        Assert.Contains("https://purl.imsglobal.org/spec/ob/v3p0/context", vc.GetProperty("@context")[1].GetString());
        Assert.Equal(["VerifiableCredential", "OpenBadgeCredential"], vc.GetProperty("type").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal($"http://localhost/certificates/{code}", vc.GetProperty("id").GetString());
        Assert.Equal(vc.GetProperty("id").GetString(), vc.GetProperty("jti").GetString());
        Assert.Equal(vc.GetProperty("issuer").GetProperty("id").GetString(), vc.GetProperty("iss").GetString());
        Assert.Equal("Profile", vc.GetProperty("issuer").GetProperty("type")[0].GetString());
        Assert.True(vc.TryGetProperty("validFrom", out _) && vc.TryGetProperty("nbf", out _) && vc.TryGetProperty("name", out _));
        var subject = vc.GetProperty("credentialSubject");
        Assert.Equal("AchievementSubject", subject.GetProperty("type")[0].GetString());
        var identity = subject.GetProperty("identifier")[0];
        var salt = identity.GetProperty("salt").GetString();
        Assert.Equal("sha256$" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(member.Email.ToLowerInvariant() + salt))), identity.GetProperty("identityHash").GetString());
        Assert.DoesNotContain(member.Email, Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])));
        var achievement = subject.GetProperty("achievement");
        Assert.Equal("Achievement", achievement.GetProperty("type")[0].GetString());
        foreach (var field in new[] { "id", "name", "description" }) Assert.False(string.IsNullOrEmpty(achievement.GetProperty(field).GetString()));
        Assert.False(string.IsNullOrEmpty(achievement.GetProperty("criteria").GetProperty("narrative").GetString()));
    }

    [Fact]
    public async Task After_key_rotation_old_credentials_still_verify_and_new_ones_use_the_new_key()
    {
        var (oldCode, _) = await CompleteAsync("First Learner");
        var admin = await Members.SignedInAsync(await Members.AddAsync("Admin Person", roles: Role.Administrator));
        Assert.NotEqual(HttpStatusCode.OK, (await (await Members.SignedInAsync(await Members.AddAsync("Not Admin"))).GetAsync("/admin/credential-keys")).Status);
        await admin.SubmitAsync("/admin/credential-keys", new Dictionary<string, string>());
        var (newCode, _) = await CompleteAsync("Second Learner");

        using var jwks = JsonDocument.Parse(await Client().Http.GetStringAsync("/.well-known/jwks.json"));
        var keys = jwks.RootElement.GetProperty("keys").EnumerateArray().ToList();
        Assert.True(keys.Count >= 2);
        var oldJwt = await Client().Http.GetStringAsync($"/certificates/{oldCode}/credential");
        var newJwt = await Client().Http.GetStringAsync($"/certificates/{newCode}/credential");
        Assert.NotEqual(Kid(oldJwt), Kid(newJwt));
        Assert.True(Verifies(oldJwt, keys.Single(k => Kid(oldJwt).EndsWith("/" + k.GetProperty("kid").GetString()))));
        Assert.True(Verifies(newJwt, keys.Single(k => Kid(newJwt).EndsWith("/" + k.GetProperty("kid").GetString()))));
        Assert.False(Verifies(newJwt, keys.Single(k => Kid(oldJwt).EndsWith("/" + k.GetProperty("kid").GetString()))));
    }

    [Fact]
    public async Task Verification_look_ups_are_rate_limited()
    {
        var overrides = new Dictionary<string, string?> { ["Certificates:LookupsPerMinute"] = "3" };
        await using var limited = new AppFactory(App, overrides);
        var client = limited.Client();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) statuses.Add((await client.GetAsync($"/certificates/{Guid.NewGuid():N}"[..38])).Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(3, statuses.Count(s => s != HttpStatusCode.TooManyRequests));
    }

    private static string Kid(string jwt)
    {
        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[0]));
        return header.RootElement.GetProperty("kid").GetString()!;
    }

    /// <summary>RS256 checked here with the framework alone, from the published JWK: not with the app's own code.</summary>
    private static bool Verifies(string jwt, JsonElement jwk)
    {
        var parts = jwt.Split('.');
        try
        {
            using var rsa = RSA.Create(new RSAParameters
            {
                Modulus = Base64Url.DecodeFromChars(jwk.GetProperty("n").GetString()), Exponent = Base64Url.DecodeFromChars(jwk.GetProperty("e").GetString()),
            });
            return rsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        catch (FormatException) { return false; }
    }
}
