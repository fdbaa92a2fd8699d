namespace KnowledgeHub.Infrastructure.Security;

/// <summary>
/// ASP.NET Core's form reader rejects a NUL anywhere in a form with a bare 400, and the person loses the whole form.
/// We turn each NUL of a url-encoded post into U+FFFF, a noncharacter our field checks refuse, so the message
/// appears beside the one field that held it and everything else typed is kept.
/// </summary>
public static class FormNulGuard
{
    private const int MaxBufferedBytes = 4 * 1024 * 1024;
    private static readonly byte[] Replacement = "%EF%BF%BF"u8.ToArray();

    public static IApplicationBuilder UseFormNulGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method) && request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true
            && request.ContentLength is > 0 and <= MaxBufferedBytes)
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, context.RequestAborted);
            var body = buffer.ToArray();
            var cleaned = Replace(body);
            request.Body = new MemoryStream(cleaned);
            request.ContentLength = cleaned.Length;
        }
        await next();
    });

    internal static byte[] Replace(byte[] body)
    {
        if (body.AsSpan().IndexOf((byte)0) < 0 && body.AsSpan().IndexOf("%00"u8) < 0) return body;
        var output = new List<byte>(body.Length + 16);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == 0) { output.AddRange(Replacement); continue; }
            if (body[i] == (byte)'%' && i + 2 < body.Length && body[i + 1] == (byte)'0' && body[i + 2] == (byte)'0')
            {
                output.AddRange(Replacement);
                i += 2;
                continue;
            }
            output.Add(body[i]);
        }
        return output.ToArray();
    }
}
