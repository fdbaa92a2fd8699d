using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Tests.Infrastructure;
using Marten;

namespace KnowledgeHub.Tests.Courses;

public sealed class CertificateTests(AppFixture app) : CourseTest(app)
{
    private async Task<(string Code, Member Member)> CompleteAsync(string name = "Nima Sherpa", string? slug = null)
    {
        slug ??= await PublishAsync();
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
    public async Task The_pdf_draws_a_bengali_name_and_an_urdu_title_with_fonts_that_have_their_letters()
    {
        const string name = "শিরিন আক্তার", title = "بچوں کی نشوونما";
        var slug = "test-" + Guid.NewGuid().ToString("N")[..10];
        var files = Files();
        files["course.md"] = files["course.md"].Replace("title: Test course on caregiving", "title: " + title);
        await PublishFilesAsync(slug, files);
        var (code, _) = await CompleteAsync(name, slug);
        var bytes = await Client().Http.GetByteArrayAsync($"/certificates/{code}/pdf");

        // Each embedded Type0 font and the characters its glyphs stand for (its ToUnicode map), glyph 0 (.notdef, a box) excluded.
        using var pdf = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(bytes), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import);
        var fonts = pdf.Internals.GetAllObjects().OfType<PdfSharp.Pdf.PdfDictionary>()
            .Where(d => d.Elements.GetName("/Type") == "/Font" && d.Elements.GetName("/Subtype") == "/Type0")
            .ToDictionary(d => d.Elements.GetName("/BaseFont"), d => DrawnCharacters(d.Elements.GetDictionary("/ToUnicode")!.Stream.UnfilteredValue));
        var bengali = Assert.Single(fonts, f => f.Key.Contains("Bengali")).Value;
        foreach (var c in name.Where(c => c != ' ')) Assert.Contains(c, bengali);
        var arabic = Assert.Single(fonts, f => f.Key.Contains("Arabic")).Value;
        // Urdu letters are drawn as their joined presentation forms; each stands for the letter it is a form of.
        var letters = new string([.. arabic]).Normalize(NormalizationForm.FormKC);
        foreach (var c in title.Where(c => c != ' ')) Assert.Contains(c, letters);
        Assert.Contains('\uFE91', arabic); // beh, initial form: the letters are joined, not drawn alone
    }

    /// <summary>The characters a ToUnicode CMap maps glyphs other than 0 to (bfchar and bfrange entries of 16-bit codes).</summary>
    private static HashSet<char> DrawnCharacters(byte[] cmap)
    {
        var text = Encoding.ASCII.GetString(cmap);
        var drawn = new HashSet<char>();
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, @"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4})>"))
        {
            var (first, last, to) = (Convert.ToInt32(m.Groups[1].Value, 16), Convert.ToInt32(m.Groups[2].Value, 16), Convert.ToInt32(m.Groups[3].Value, 16));
            for (var glyph = Math.Max(first, 1); glyph <= last; glyph++) drawn.Add((char)(to + glyph - first));
        }
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, @"(?<!>\s*)<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4})>(?!\s*<)"))
            if (Convert.ToInt32(m.Groups[1].Value, 16) != 0) drawn.Add((char)Convert.ToInt32(m.Groups[2].Value, 16));
        return drawn;
    }

    [Fact]
    public async Task An_administrator_revokes_with_a_reason_and_the_verification_page_shows_it()
    {
        var (code, member) = await CompleteAsync();
        var learner = await Members.SignedInAsync(member);
        Assert.NotEqual(HttpStatusCode.OK, (await learner.GetAsync($"/certificates/{code}/revoke")).Status);

        var administrator = await Members.AddAsync("Admin Person", roles: Role.Administrator);
        var admin = await Members.SignedInAsync(administrator);
        var tooShort = await admin.SubmitAsync($"/certificates/{code}/revoke", new Dictionary<string, string> { ["Reason"] = "no" });
        Assert.Contains("Give a reason", tooShort.Text);
        var before = DateTimeOffset.UtcNow;
        var revoked = await admin.SubmitAsync($"/certificates/{code}/revoke", new Dictionary<string, string> { ["Reason"] = "Issued by mistake after a data error." });
        Assert.Equal(HttpStatusCode.Redirect, revoked.Status);

        // The audit log records who revoked which certificate, when and why, and the administration page shows it.
        await using (var session = App.Store.QuerySession())
        {
            var entry = Assert.Single(await session.Query<KnowledgeHub.Features.Admin.AuditEntry>().Where(a => a.Action == "revoked the certificate of").ToListAsync());
            Assert.Equal(administrator.Id, entry.ActorId);
            Assert.Equal("Admin Person", entry.ActorName);
            Assert.Equal(member.Id, entry.SubjectId);
            Assert.InRange(entry.At, before.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
            Assert.Contains(code, entry.Details);
            Assert.Contains("Issued by mistake after a data error.", entry.Details);
        }
        var log = (await admin.GetAsync("/admin")).Document.QuerySelector("ul.audit")!;
        Assert.Contains("Admin Person: revoked the certificate of", log.TextContent);
        Assert.Contains("Issued by mistake after a data error.", log.TextContent);
        Assert.Equal("Nima Sherpa", log.QuerySelector($"a[href='/certificates/{code}']")?.TextContent);
        // A revoked certificate offers no second revocation.
        Assert.Null((await admin.GetAsync($"/certificates/{code}/revoke")).Document.QuerySelector("main form"));

        var page = await Client().GetAsync($"/certificates/{code}");
        Assert.Contains("REVOKED", page.Text);
        Assert.Contains("Issued by mistake after a data error.", page.Text);
        Assert.DoesNotContain("VALID:", page.Text);
        using var list = JsonDocument.Parse(await Client().Http.GetStringAsync("/credentials/revocations"));
        Assert.Contains(list.RootElement.GetProperty("revokedCredentials").EnumerateArray(), r => r.GetProperty("id").GetString()!.EndsWith(code));
        var (statusList, index) = await StatusOfAsync(code);
        Assert.True(statusList.Bit(index)); // the Bitstring Status List says revoked too
        Assert.Equal(1, statusList.SetBits);
    }

    [Fact]
    public async Task The_credential_verifies_with_the_published_key_and_fails_when_one_byte_changes()
    {
        var (code, member) = await CompleteAsync();
        var jwt = await Client().Http.GetStringAsync($"/certificates/{code}/credential");
        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);

        // "Create the JOSE Header": alg, kid (a URI that dereferences to the JWK), typ "JWT" if present, nothing else.
        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        Assert.Equal(["alg", "kid", "typ"], header.RootElement.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("RS256", header.RootElement.GetProperty("alg").GetString());
        Assert.Equal("JWT", header.RootElement.GetProperty("typ").GetString());
        var kidUrl = header.RootElement.GetProperty("kid").GetString()!;
        Assert.StartsWith("http://localhost/", kidUrl);
        using var dereferenced = JsonDocument.Parse(await Client().Http.GetStringAsync(new Uri(kidUrl).PathAndQuery));
        Assert.False(dereferenced.RootElement.TryGetProperty("d", out _)); // never the private part
        Assert.True(Verifies(jwt, dereferenced.RootElement));
        // The published key set holds the same key under the same kid.
        using var jwks = JsonDocument.Parse(await Client().Http.GetStringAsync("/.well-known/jwks.json"));
        var key = jwks.RootElement.GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("kid").GetString() == kidUrl);
        Assert.Equal(dereferenced.RootElement.GetProperty("n").GetString(), key.GetProperty("n").GetString());
        Assert.True(Verifies(jwt, key));

        // One byte changed anywhere (header, payload or signature) and it no longer verifies.
        foreach (var position in new[] { 5, parts[0].Length + 10, jwt.Length - 5 })
        {
            var chars = jwt.ToCharArray();
            chars[position] = chars[position] == 'A' ? 'B' : 'A';
            Assert.False(Verifies(new string(chars), key));
        }

        // "JWT Payload Format": the credential's own members at the top level (no VC 1.1 "vc" claim) plus iss, jti, nbf, sub.
        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        var vc = payload.RootElement;
        Assert.False(vc.TryGetProperty("vc", out _));
        Assert.False(vc.TryGetProperty("exp", out _)); // there is no validUntil
        // AchievementCredential: @context (VC 2.0 then Open Badges 3.0, in that order), id, type, issuer, validFrom, name, credentialSubject.
        Assert.Equal(["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
            vc.GetProperty("@context").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["VerifiableCredential", "OpenBadgeCredential"], vc.GetProperty("type").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal($"http://localhost/certificates/{code}", vc.GetProperty("id").GetString());
        Assert.Equal("Test course on caregiving", vc.GetProperty("name").GetString());
        Assert.False(vc.TryGetProperty("issuanceDate", out _)); // the VC 1.1 name; 2.0 says validFrom
        var validFrom = DateTimeOffset.Parse(vc.GetProperty("validFrom").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.EndsWith("Z", vc.GetProperty("validFrom").GetString());
        var issuer = vc.GetProperty("issuer");
        Assert.Equal("http://localhost/credentials/issuer", issuer.GetProperty("id").GetString());
        Assert.Equal(["Profile"], issuer.GetProperty("type").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("KnowledgeHub", issuer.GetProperty("name").GetString());
        using var profile = JsonDocument.Parse(await Client().Http.GetStringAsync("/credentials/issuer")); // the issuer's id dereferences
        Assert.Equal(issuer.GetProperty("id").GetString(), profile.RootElement.GetProperty("id").GetString());

        var subject = vc.GetProperty("credentialSubject");
        Assert.Equal($"http://localhost/members/{member.Id}", subject.GetProperty("id").GetString());
        Assert.Equal(["AchievementSubject"], subject.GetProperty("type").EnumerateArray().Select(t => t.GetString()));
        var identity = subject.GetProperty("identifier")[0];
        Assert.Equal("IdentityObject", identity.GetProperty("type").GetString());
        Assert.Equal("emailAddress", identity.GetProperty("identityType").GetString());
        Assert.True(identity.GetProperty("hashed").GetBoolean());
        var salt = identity.GetProperty("salt").GetString();
        Assert.Equal("sha256$" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(member.Email.ToLowerInvariant() + salt))), identity.GetProperty("identityHash").GetString());
        Assert.DoesNotContain(member.Email, Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])));
        var achievement = subject.GetProperty("achievement");
        Assert.Equal(["Achievement"], achievement.GetProperty("type").EnumerateArray().Select(t => t.GetString()));
        Assert.StartsWith("http://localhost/courses/", achievement.GetProperty("id").GetString());
        Assert.Equal("Test course on caregiving", achievement.GetProperty("name").GetString());
        Assert.Equal("A course used by the tests.", achievement.GetProperty("description").GetString());
        Assert.False(string.IsNullOrEmpty(achievement.GetProperty("criteria").GetProperty("narrative").GetString()));
        var (statusList, index) = await StatusOfAsync(code);
        Assert.False(statusList.Bit(index)); // not revoked
        var schema = vc.GetProperty("credentialSchema")[0];
        Assert.Equal("https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json", schema.GetProperty("id").GetString());
        Assert.Equal("1EdTechJsonSchemaValidator2019", schema.GetProperty("type").GetString());

        // "Verify a Credential VC-JWT Signature": each registered claim equals the credential member it stands for.
        Assert.Equal(issuer.GetProperty("id").GetString(), vc.GetProperty("iss").GetString());
        Assert.Equal(vc.GetProperty("id").GetString(), vc.GetProperty("jti").GetString());
        Assert.Equal(subject.GetProperty("id").GetString(), vc.GetProperty("sub").GetString());
        Assert.Equal(validFrom.ToUnixTimeSeconds(), vc.GetProperty("nbf").GetInt64());
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
        Assert.True(Verifies(oldJwt, keys.Single(k => k.GetProperty("kid").GetString() == Kid(oldJwt))));
        Assert.True(Verifies(newJwt, keys.Single(k => k.GetProperty("kid").GetString() == Kid(newJwt))));
        Assert.False(Verifies(newJwt, keys.Single(k => k.GetProperty("kid").GetString() == Kid(oldJwt))));
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

    /// <summary>The certificate's BitstringStatusListEntry, and the status list it names: fetched, checked against the
    /// published key, and decoded (multibase "u", base64url, GZIP) as Bitstring Status List v1.0 describes.</summary>
    private async Task<(DecodedStatusList List, int Index)> StatusOfAsync(string code)
    {
        var jwt = await Client().Http.GetStringAsync($"/certificates/{code}/credential");
        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[1]));
        var entry = payload.RootElement.GetProperty("credentialStatus");
        Assert.Equal("BitstringStatusListEntry", entry.GetProperty("type").GetString());
        Assert.Equal("revocation", entry.GetProperty("statusPurpose").GetString());
        var index = int.Parse(entry.GetProperty("statusListIndex").GetString()!, System.Globalization.CultureInfo.InvariantCulture); // a string, base 10
        var listUrl = entry.GetProperty("statusListCredential").GetString()!;
        Assert.StartsWith("http://localhost/credentials/status/", listUrl);

        var listJwt = await Client().Http.GetStringAsync(new Uri(listUrl).PathAndQuery);
        using var jwks = JsonDocument.Parse(await Client().Http.GetStringAsync("/.well-known/jwks.json"));
        Assert.True(Verifies(listJwt, jwks.RootElement.GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("kid").GetString() == Kid(listJwt))));
        using var listPayload = JsonDocument.Parse(Base64Url.DecodeFromChars(listJwt.Split('.')[1]));
        var vc = listPayload.RootElement;
        Assert.Equal(listUrl, vc.GetProperty("id").GetString());
        Assert.Contains("BitstringStatusListCredential", vc.GetProperty("type").EnumerateArray().Select(t => t.GetString()));
        var subject = vc.GetProperty("credentialSubject");
        Assert.Equal("BitstringStatusList", subject.GetProperty("type").GetString());
        Assert.Equal("revocation", subject.GetProperty("statusPurpose").GetString());
        var encoded = subject.GetProperty("encodedList").GetString()!;
        Assert.StartsWith("u", encoded);
        using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(Base64Url.DecodeFromChars(encoded.AsSpan(1))), System.IO.Compression.CompressionMode.Decompress);
        using var bits = new MemoryStream();
        gzip.CopyTo(bits);
        Assert.True(bits.Length >= 16 * 1024); // at least 16 KB uncompressed
        return (new DecodedStatusList(bits.ToArray()), index);
    }

    private sealed record DecodedStatusList(byte[] Bits)
    {
        public bool Bit(int index) => (Bits[index / 8] & (0x80 >> (index % 8))) != 0; // index 0 is the left-most bit
        public int SetBits => Bits.Sum(b => System.Numerics.BitOperations.PopCount(b));
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
