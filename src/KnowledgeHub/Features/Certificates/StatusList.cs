using System.Buffers.Text;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Marten;

namespace KnowledgeHub.Features.Certificates;

/// <summary>
/// Revocation as Open Badges 3.0 now asks (its 1.3 revision deprecated the 1EdTech Revocation List for the W3C Bitstring
/// Status List): each certificate owns one random position in a published list of at least 131,072 bits, and a set bit
/// means revoked. The list is a BitstringStatusListCredential, signed like the certificates' own credentials.
/// </summary>
public static class StatusList
{
    /// <summary>The specification's minimum: 16 KB of one-bit entries.</summary>
    public const int Size = 131_072;
    /// <summary>A list takes new certificates until half full, so a random free position is found in a few tries.</summary>
    public const int Fill = Size / 2;

    public static string Url(string baseUrl, int list) => $"{baseUrl}/credentials/status/{list}";

    /// <summary>"BitstringStatusListEntry": the credential's credentialStatus.</summary>
    public static JsonObject Entry(string baseUrl, int list, int index) => new()
    {
        ["id"] = $"{Url(baseUrl, list)}#{index}", ["type"] = "BitstringStatusListEntry", ["statusPurpose"] = "revocation",
        ["statusListIndex"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture), // "expressed as a string in base 10"
        ["statusListCredential"] = Url(baseUrl, list),
    };

    /// <summary>Picks the list and a random free position in it ("Implementations SHOULD assign indexes randomly").</summary>
    public static async Task<(int List, int Index)> AssignAsync(IQuerySession session, CancellationToken ct)
    {
        var numbered = await session.Query<Certificate>().CountAsync(c => c.StatusListIndex != null, ct);
        var list = 1 + numbered / Fill;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var index = RandomNumberGenerator.GetInt32(Size);
            if (!await session.Query<Certificate>().AnyAsync(c => c.StatusList == list && c.StatusListIndex == index, ct)) return (list, index);
        }
        throw new InvalidOperationException($"No free position found in status list {list}");
    }

    /// <summary>"BitstringStatusListCredential": the list as an unsigned credential, bits set for the revoked positions.</summary>
    public static JsonObject Credential(string baseUrl, int list, IEnumerable<int> revoked, DateTimeOffset now)
    {
        var url = Url(baseUrl, list);
        return new JsonObject
        {
            ["@context"] = new JsonArray(OpenBadgeCredential.Contexts[0]),
            ["id"] = url,
            ["type"] = new JsonArray("VerifiableCredential", "BitstringStatusListCredential"),
            ["issuer"] = OpenBadgeCredential.IssuerId(baseUrl),
            ["validFrom"] = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = url + "#list", ["type"] = "BitstringStatusList", ["statusPurpose"] = "revocation", ["encodedList"] = Encode(revoked),
            },
        };
    }

    /// <summary>Multibase base64url ("u" prefix, no padding) of the GZIP-compressed bitstring; index 0 is the left-most bit.</summary>
    public static string Encode(IEnumerable<int> revoked)
    {
        var bits = new byte[Size / 8];
        foreach (var index in revoked) bits[index / 8] |= (byte)(0x80 >> (index % 8));
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(bits);
        return "u" + Base64Url.EncodeToString(output.ToArray());
    }
}
