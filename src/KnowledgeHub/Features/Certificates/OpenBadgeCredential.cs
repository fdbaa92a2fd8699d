using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KnowledgeHub.Features.Courses;

namespace KnowledgeHub.Features.Certificates;

/// <summary>
/// The Open Badges 3.0 credential of a certificate (an OpenBadgeCredential on the Verifiable Credentials 2.0 data model)
/// and its VC-JWT form, as the specification's "Proofs (Signatures)" section, "JSON Web Token Proof Format", asks: the
/// credential's own members are the JWT payload (no "vc" claim: that was the VC 1.1 form), with iss = issuer.id,
/// jti = id, nbf = validFrom and sub = credentialSubject.id; RS256, the algorithm every verifier must support; and a
/// header of alg, kid and typ only, where kid is a URL that dereferences to the public JWK.
/// The recipient is identified by their member address on this site and a salted hash of their email address, so the
/// credential does not publish the address itself.
/// </summary>
public static class OpenBadgeCredential
{
    public const string MediaType = "application/vc+jwt";

    /// <summary>Serialization, "JSON-LD": both contexts, the VC 2.0 one first.</summary>
    public static readonly string[] Contexts = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"];

    public static JsonObject Build(Certificate certificate, CourseVersion course, string recipientEmail, string salt, string baseUrl, string siteName)
    {
        // IdentityHash (Derived Types): algorithm, "$", then the hex SHA-256 of the identifier with the salt appended.
        var identityHash = "sha256$" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recipientEmail.Trim().ToLowerInvariant() + salt)));
        // AchievementCredential (Data Models): @context, id, type, issuer, validFrom, name and credentialSubject are required.
        return new JsonObject
        {
            ["@context"] = new JsonArray([.. Contexts.Select(c => (JsonNode)c)]),
            ["id"] = CertificateUrl(baseUrl, certificate.Id),
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["name"] = course.Title,
            ["issuer"] = Issuer(baseUrl, siteName),
            ["validFrom"] = certificate.IssuedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            // AchievementSubject (Data Models): type and achievement required; an id and/or an identifier names the recipient.
            // The id is given because the JWT's required sub claim must equal credentialSubject.id.
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = SubjectId(baseUrl, certificate.MemberId),
                ["type"] = new JsonArray("AchievementSubject"),
                ["identifier"] = new JsonArray(new JsonObject
                {
                    ["type"] = "IdentityObject", ["identityHash"] = identityHash, ["identityType"] = "emailAddress", ["hashed"] = true, ["salt"] = salt,
                }),
                // Achievement (Data Models): id, type, name, description and criteria are required.
                ["achievement"] = new JsonObject
                {
                    ["id"] = $"{baseUrl}/courses/{course.Slug}?version={course.Number}",
                    ["type"] = new JsonArray("Achievement"),
                    ["achievementType"] = "Certificate",
                    ["name"] = course.Title,
                    ["description"] = course.Summary,
                    ["criteria"] = new JsonObject { ["narrative"] = Criteria(course) },
                    ["inLanguage"] = course.Language,
                    ["version"] = course.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["creator"] = Issuer(baseUrl, siteName),
                },
            },
            // CredentialStatus: a BitstringStatusListEntry (spec 1.3 deprecated the 1EdTech Revocation List for it).
            ["credentialStatus"] = StatusList.Entry(baseUrl, certificate.StatusList!.Value, certificate.StatusListIndex!.Value),
            ["credentialSchema"] = new JsonArray(new JsonObject
            {
                ["id"] = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
                ["type"] = "1EdTechJsonSchemaValidator2019",
            }),
        };
    }

    /// <summary>The recipient: their member page on this site.</summary>
    /// <summary>The public verification page of a certificate: the credential's id, the PDF's QR code, the printed link.</summary>
    public static string CertificateUrl(string baseUrl, string code) => $"{baseUrl}/certificates/{code}";

    public static string SubjectId(string baseUrl, Guid memberId) => $"{baseUrl}/members/{memberId}";

    /// <summary>The URL in the JOSE header's kid: it dereferences to the key's JWK ("Dereferencing the Public Key").</summary>
    public static string KeyUrl(string baseUrl, string keyId) => $"{baseUrl}/credentials/keys/{keyId}";

    public static string IssuerId(string baseUrl) => $"{baseUrl}/credentials/issuer";

    /// <summary>Profile (Data Models): id and type are required; the issuer's id dereferences to this profile.</summary>
    public static JsonObject Issuer(string baseUrl, string siteName) => new()
    {
        ["id"] = IssuerId(baseUrl), ["type"] = new JsonArray("Profile"), ["name"] = siteName, ["url"] = baseUrl,
    };

    private static string Criteria(CourseVersion course)
    {
        var quizzes = course.Lessons.Count(l => l.Quiz is not null);
        var text = $"Completed all {course.Lessons.Count} lessons of version {course.Number} and passed its {quizzes} quizzes with at least {course.PassingScore}% unless a quiz set its own mark.";
        return course.RequiresDiscussion ? text + " Took part in the course discussion." : text;
    }

    /// <summary>The compact JWS: base64url(header).base64url(payload).base64url(RS256 signature).</summary>
    public static string Sign(JsonObject credential, CredentialKey key, RSA rsa, string baseUrl)
    {
        // "Create the JOSE Header": alg required; kid a URI to the JWK; typ, if present, "JWT"; no other headers allowed.
        var header = new JsonObject { ["alg"] = key.Algorithm, ["kid"] = KeyUrl(baseUrl, key.Id), ["typ"] = "JWT" };
        // "JWT Payload Format": the credential itself plus iss, jti, nbf and sub (exp only with a validUntil, which we never set).
        var payload = (JsonObject)credential.DeepClone();
        payload["iss"] = credential["issuer"] is JsonObject issuer ? issuer["id"]!.GetValue<string>() : credential["issuer"]!.GetValue<string>();
        payload["jti"] = credential["id"]!.GetValue<string>();
        payload["nbf"] = DateTimeOffset.Parse(credential["validFrom"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds();
        payload["sub"] = credential["credentialSubject"]!["id"]!.GetValue<string>();
        var signingInput = Encode(header) + "." + Encode(payload);
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    private static string Encode(JsonObject value) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(value));
}
