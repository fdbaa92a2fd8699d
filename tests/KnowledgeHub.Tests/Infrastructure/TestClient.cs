using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace KnowledgeHub.Tests.Infrastructure;

public sealed record Page(HttpStatusCode Status, IDocument Document, HttpResponseMessage Response)
{
    public string Text => Document.Body?.TextContent ?? "";
    public string? Location => Response.Headers.Location?.OriginalString;

    /// <summary>The error shown beside a field (by its input name), or null.</summary>
    public string? ErrorFor(string field) =>
        Document.QuerySelector($"[data-valmsg-for='{field}']")?.TextContent.Trim() is { Length: > 0 } e ? e : null;

    public string? ValueOf(string field) => Document.QuerySelector($"[name='{field}']") switch
    {
        IHtmlTextAreaElement t => t.Value,
        IHtmlInputElement i => i.Value,
        IHtmlSelectElement s => s.Value,
        _ => null,
    };
}

/// <summary>A browser-like client: keeps cookies, parses pages, and fills and posts forms (antiforgery token included).</summary>
public sealed class TestClient(HttpClient http)
{
    private static readonly HtmlParser Parser = new();
    public HttpClient Http { get; } = http;

    public async Task<Page> GetAsync(string url, string? acceptLanguage = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptLanguage is not null) request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        return await ReadAsync(await Http.SendAsync(request));
    }

    /// <summary>
    /// Loads the page, fills the form (the n-th matching selector) and submits it like a browser would; <paramref name="action"/>
    /// is the clicked button's <c>formaction</c>, when it has one.
    /// </summary>
    public async Task<Page> SubmitAsync(string pageUrl, IDictionary<string, string> fields, string formSelector = "main form",
        IEnumerable<KeyValuePair<string, string>>? extra = null, string? handler = null, string? action = null)
    {
        var page = await GetAsync(pageUrl);
        var form = (handler is null ? page.Document.QuerySelector(formSelector)
                : page.Document.QuerySelectorAll("form").FirstOrDefault(f => (f.GetAttribute("action") ?? "").Contains($"handler={handler}", StringComparison.OrdinalIgnoreCase)))
            as IHtmlFormElement ?? throw new InvalidOperationException($"No form '{formSelector}' on {pageUrl} ({page.Status})");
        var values = new List<KeyValuePair<string, string>>();
        var given = fields.Keys.Concat(extra?.Select(e => e.Key) ?? []).ToHashSet();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement { Type: "checkbox" or "radio" } box:
                    if (box.IsChecked && !given.Contains(box.Name!)) values.Add(new(box.Name!, box.Value));
                    break;
                case IHtmlInputElement { Type: "submit" }:
                    break;
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && !given.Contains(input.Name):
                    values.Add(new(input.Name, input.Value));
                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name) && !given.Contains(area.Name):
                    values.Add(new(area.Name, area.Value));
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name) && !given.Contains(select.Name):
                    values.Add(new(select.Name, select.Value ?? ""));
                    break;
            }
        }
        values.AddRange(fields);
        if (extra is not null) values.AddRange(extra);
        action ??= form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? pageUrl : action;
        if (string.Equals(form.GetAttribute("method"), "get", StringComparison.OrdinalIgnoreCase))
            return await GetAsync(target + "?" + string.Join('&', values.Select(v => $"{Uri.EscapeDataString(v.Key)}={Uri.EscapeDataString(v.Value)}")));
        return await PostAsync(target, values);
    }

    public async Task<Page> PostAsync(string url, IEnumerable<KeyValuePair<string, string>> values) =>
        await ReadAsync(await Http.PostAsync(url, new FormUrlEncodedContent(values)));

    /// <summary>Follows redirects from a response the way a browser would (303/302 become GET).</summary>
    public async Task<Page> FollowAsync(Page page)
    {
        for (var i = 0; i < 5 && page.Location is { } location; i++) page = await GetAsync(location);
        return page;
    }

    private static async Task<Page> ReadAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        return new Page(response.StatusCode, await Parser.ParseDocumentAsync(html), response);
    }
}
