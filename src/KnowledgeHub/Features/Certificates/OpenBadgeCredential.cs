using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KnowledgeHub.Features.Courses;

namespace KnowledgeHub.Features.Certificates;

/// <summary>
/// The Open Badges 3.0 credential of a certificate (an OpenBadgeCredential on the Verifiable Credentials 2.0 data model)
/// and its VC-JWT form: the credential's members are the JWT payload, with iss = issuer.id, jti = id and nbf = validFrom;
/// RS256 (the algorithm every Open Badges verifier must support); the header's kid is a URL that returns the public JWK.
/// The recipient is named by a salted hash of their email address, so the credential does not publish it.
/// </summary>
public static class OpenBadgeCredential
{
    public const string MediaType = "application/vc+jwt";

    public static JsonObject Build(Certificate certificate, CourseVersion course, string recipientEmail, string salt, string baseUrl, string siteName)
    {
        var identityHash = "sha256$" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recipientEmail.Trim().ToLowerInvariant() + salt)));
        return new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"),
            ["id"] = $"{baseUrl}/certificates/{certificate.Id}",
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["name"] = course.Title,
            ["issuer"] = Issuer(baseUrl, siteName),
            ["validFrom"] = certificate.IssuedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["credentialSubject"] = new JsonObject
            {
                ["type"] = new JsonArray("AchievementSubject"),
                ["identifier"] = new JsonArray(new JsonObject
                {
                    ["type"] = "IdentityObject", ["identityHash"] = identityHash, ["identityType"] = "emailAddress", ["hashed"] = true, ["salt"] = salt,
                }),
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
            ["credentialStatus"] = new JsonObject { ["id"] = $"{baseUrl}/credentials/revocations", ["type"] = "1EdTechRevocationList" },
            ["credentialSchema"] = new JsonArray(new JsonObject
            {
                ["id"] = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
                ["type"] = "1EdTechJsonSchemaValidator2019",
            }),
        };
    }

    public static JsonObject Issuer(string baseUrl, string siteName) => new()
    {
        ["id"] = $"{baseUrl}/credentials/issuer", ["type"] = new JsonArray("Profile"), ["name"] = siteName, ["url"] = baseUrl,
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
        var header = new JsonObject { ["alg"] = key.Algorithm, ["typ"] = "JWT", ["kid"] = $"{baseUrl}/credentials/keys/{key.Id}" };
        var payload = (JsonObject)credential.DeepClone();
        payload["iss"] = credential["issuer"]!["id"]!.GetValue<string>();
        payload["jti"] = credential["id"]!.GetValue<string>();
        payload["nbf"] = DateTimeOffset.Parse(credential["validFrom"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds();
        var signingInput = Encode(header) + "." + Encode(payload);
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    private static string Encode(JsonObject value) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(value));
}
