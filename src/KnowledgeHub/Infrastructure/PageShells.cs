using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Caching.Memory;

namespace KnowledgeHub.Infrastructure;

/// <summary>
/// One request's per-member values ("holes") for a page whose markup is otherwise shared between members.
/// <para>
/// A page that supports shells gives every per-member value a name here (its markup, already encoded) before it renders, and
/// writes each one with <see cref="Hole(string, string?)"/>. When <see cref="Active"/>, holes go out as markers and the
/// rendered page becomes a <see cref="ShellTemplate"/>; otherwise the value itself is written, so the page renders the same
/// way with or without shells. The antiforgery request token needs no hole: every form on a page carries the request's one
/// token, and the template replaces that exact string.
/// </para>
/// </summary>
public sealed class PageShell(HtmlEncoder encoder)
{
    // A marker cannot come from content: control characters are encoded (or dropped) in everything the page writes, and
    // the nonce is unknown outside this process.
    private static readonly string Nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(6));
    private readonly Dictionary<string, object> values = new(StringComparer.Ordinal); // markup, or UTF-8 pieces of it

    /// <summary>This response is rendered as a template for other members: holes are written as markers.</summary>
    public bool Active { get; private set; }

    public IEnumerable<string> Names => values.Keys;

    public bool Has(string name) => values.ContainsKey(name);

    /// <summary>Renders this response as a template (the page must have given every per-member value a hole).</summary>
    internal void Activate() => Active = true;

    /// <summary>The shell asked for by the handler (see <see cref="ShellPageAttribute"/>), with the request's token and member.</summary>
    public string? Key { get; private set; }
    public string? Token { get; private set; }
    public Guid Member { get; private set; }

    /// <summary>
    /// Answers this member's page from the shell under <paramref name="key"/>, which must name everything the shared markup
    /// shows; every per-member value must have a hole, and every form the request's one <paramref name="token"/>.
    /// </summary>
    public void Share(string key, string? token, Guid member) => (Key, Token, Member) = (key, token, member);

    /// <summary>A per-member value, as markup; the first value given for a name is kept.</summary>
    public void Set(string name, string html) => values.TryAdd(name, html);

    /// <summary>
    /// A large per-member value as UTF-8 pieces (a page of posts), written into a shell without being copied into one string;
    /// a page renders such a value itself when no shell is being rendered.
    /// </summary>
    public void Set(string name, IReadOnlyList<ReadOnlyMemory<byte>> utf8) => values.TryAdd(name, utf8);

    /// <summary>Writes a hole: its marker when a template is being rendered, else its value (or <paramref name="html"/>, given here).</summary>
    public IHtmlContent Hole(string name, string? html = null)
    {
        if (html is not null) Set(name, html);
        return new HtmlString(Active ? Marker(name) : values.GetValueOrDefault(name) as string ?? "");
    }

    /// <summary>
    /// A hole inside text that the page encodes itself (a text area's content): the marker when rendering a template, else the
    /// text. The value kept is the text, encoded.
    /// </summary>
    public string? TextHole(string name, string? text)
    {
        Set(name, encoder.Encode(text ?? ""));
        return Active ? Marker(name) : text;
    }

    internal object? Value(string name) => values.GetValueOrDefault(name);

    internal static string Marker(string name) => $"\u0001kh{Nonce}:{name}\u0001";

    internal static string EncodedMarker(string name) => HtmlEncoder.Default.Encode(Marker(name));
}

/// <summary>A rendered page cut at its holes: literal UTF-8 pieces between named holes.</summary>
public sealed class ShellTemplate
{
    private readonly byte[][] literals;
    private readonly string[] holes;

    private ShellTemplate(byte[][] literals, string[] holes) => (this.literals, this.holes) = (literals, holes);

    /// <summary>Size in bytes (for cache accounting).</summary>
    public int Size => literals.Sum(l => l.Length) + holes.Length * 16;

    /// <summary>
    /// Cuts a page rendered with <paramref name="shell"/> active at its holes (markers as written, or as the page encoded
    /// them) and at every occurrence of the request's antiforgery token (<see cref="PageShell.Token"/>).
    /// </summary>
    public static ShellTemplate Parse(string html, PageShell shell)
    {
        var token = shell.Token;
        var cuts = new List<(int At, int Length, string Name)>();
        foreach (var name in shell.Names)
            foreach (var marker in new[] { PageShell.Marker(name), PageShell.EncodedMarker(name) })
                for (var at = html.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = html.IndexOf(marker, at + marker.Length, StringComparison.Ordinal))
                    cuts.Add((at, marker.Length, name));
        if (!string.IsNullOrEmpty(token))
            for (var at = html.IndexOf(token, StringComparison.Ordinal); at >= 0; at = html.IndexOf(token, at + token.Length, StringComparison.Ordinal))
                cuts.Add((at, token.Length, TokenHole));
        cuts.Sort((a, b) => a.At.CompareTo(b.At));
        var literals = new List<byte[]>();
        var names = new List<string>();
        var from = 0;
        foreach (var (at, length, name) in cuts)
        {
            if (at < from) continue; // overlapping matches cannot happen with these markers; be safe anyway
            literals.Add(Encoding.UTF8.GetBytes(html[from..at]));
            names.Add(name);
            from = at + length;
        }
        literals.Add(Encoding.UTF8.GetBytes(html[from..]));
        return new ShellTemplate([.. literals], [.. names]);
    }

    internal const string TokenHole = "\u0001token";

    /// <summary>True when every hole has a value (the token hole is always filled).</summary>
    public bool CanFill(PageShell shell) => holes.All(h => h == TokenHole || shell.Has(h));

    /// <summary>True when any literal piece contains <paramref name="text"/> (a check that nothing per-member was left in).</summary>
    public bool Contains(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return literals.Any(l => l.AsSpan().IndexOf(bytes) >= 0);
    }

    /// <summary>Writes the page with this request's values in its holes (as UTF-8, with its length).</summary>
    public async Task WriteAsync(HttpResponse response, PageShell shell, CancellationToken ct)
    {
        var filled = new object[holes.Length];
        long length = 0;
        for (var i = 0; i < holes.Length; i++)
        {
            filled[i] = holes[i] == TokenHole ? shell.Token ?? "" : shell.Value(holes[i]) ?? "";
            length += filled[i] is string text ? Encoding.UTF8.GetByteCount(text) : ((IReadOnlyList<ReadOnlyMemory<byte>>)filled[i]).Sum(p => (long)p.Length);
        }
        foreach (var literal in literals) length += literal.Length;
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = length;
        var writer = response.BodyWriter;
        for (var i = 0; i < literals.Length; i++)
        {
            writer.Write(literals[i]);
            if (i == filled.Length) break;
            if (filled[i] is string text) Encoding.UTF8.GetBytes(text, writer);
            else foreach (var piece in (IReadOnlyList<ReadOnlyMemory<byte>>)filled[i]) writer.Write(piece.Span);
        }
        await writer.FlushAsync(ct);
    }
}

/// <summary>
/// Templates of pages shared between members, by a key the page builds from everything its shared markup shows
/// (see the thread page). Bounded in bytes; entries also expire, so parts of a page that change without changing its key
/// (suggestions drawn from the search index) are at most a few minutes old.
/// </summary>
public sealed class PageShells
{
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 64L * 1024 * 1024 });

    private long hits, early;

    /// <summary>Pages answered from a kept shell since start (a figure for tests and diagnostics).</summary>
    public long Hits => Interlocked.Read(ref hits);

    /// <summary>Of those, the pages answered before MVC ran (see ThreadShortcut).</summary>
    public long EarlyHits => Interlocked.Read(ref early);

    public ShellTemplate? Find(string key) => cache.TryGetValue(key, out ShellTemplate? template) ? template : null;

    /// <summary>The kept template for the shell this request asked for, when this request gives every hole it has.</summary>
    public ShellTemplate? Fillable(PageShell shell) => shell.Key is { } key && Find(key) is { } template && template.CanFill(shell) ? template : null;

    internal void Hit(bool beforeMvc = false)
    {
        Interlocked.Increment(ref hits);
        if (beforeMvc) Interlocked.Increment(ref early);
    }

    public void Keep(string key, ShellTemplate template) => cache.Set(key, template, new MemoryCacheEntryOptions
    {
        Size = template.Size, AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5), SlidingExpiration = TimeSpan.FromMinutes(2),
    });
}

/// <summary>
/// Answers a page from its shell when its handler asked for one (<see cref="PageShell.Share"/>): a known template filled with
/// this request's values, or else the page rendered once with its holes as markers, kept as the template for the next
/// member, and filled in the same way. Put on the page model of a page that supports shells.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ShellPageAttribute : Attribute, IAsyncResultFilter
{
    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        var http = context.HttpContext;
        var shell = http.RequestServices.GetRequiredService<PageShell>();
        if (shell.Key is not { } key || context.Result is not Microsoft.AspNetCore.Mvc.RazorPages.PageResult || http.Response.StatusCode != StatusCodes.Status200OK)
        {
            await next();
            return;
        }
        var shells = http.RequestServices.GetRequiredService<PageShells>();
        if (shells.Fillable(shell) is { } known)
        {
            context.Cancel = true; // the page is not rendered
            shells.Hit();
            await known.WriteAsync(http.Response, shell, http.RequestAborted);
            return;
        }
        shell.Activate();
        var body = http.Features.Get<IHttpResponseBodyFeature>()!;
        using var buffer = new MemoryStream();
        http.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer));
        ResultExecutedContext executed;
        try { executed = await next(); }
        finally { http.Features.Set(body); }
        if (executed.Exception is not null && !executed.ExceptionHandled) return; // nothing was written to the client; the error goes on up
        var template = ShellTemplate.Parse(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), shell);
        // The page must have put every per-member value in a hole; if the member still shows in the shared markup, the
        // template is used for this response only.
        var member = shell.Member.ToString();
        if (http.Response.StatusCode == StatusCodes.Status200OK && !template.Contains(member) && !template.Contains(shell.Member.ToString("N")))
            shells.Keep(key, template);
        await template.WriteAsync(http.Response, shell, http.RequestAborted);
    }
}
