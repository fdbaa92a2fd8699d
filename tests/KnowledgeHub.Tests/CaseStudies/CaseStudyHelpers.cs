using System.Net;
using System.Text.Json;
using KnowledgeHub.Features.CaseStudies;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Infrastructure.Search;
using KnowledgeHub.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Tests.CaseStudies;

public static class CaseStudyHelpers
{
    /// <summary>Everything a case study needs to pass review; tests replace the fields they are about.</summary>
    public static Dictionary<string, string> ValidFields(string title = "Story circles for fathers in tea gardens", string country = "BD") => new()
    {
        ["Input.Title"] = title,
        ["Input.Country"] = country,
        ["Input.Organisation"] = "Bangladesh ECD Network",
        ["Input.Sectors"] = "education",
        ["Input.Themes"] = "parenting, fathers",
        ["Input.Language"] = "en",
        ["Input.Summary"] = "Fathers met in the evening to tell stories and learn simple play ideas for their toddlers.",
        ["Input.Challenge"] = "Fathers rarely joined parenting sessions held during working hours.",
        ["Input.WhatWasDone"] = "Evening **story circles** led by volunteer fathers, twice a month.",
        ["Input.Results"] = "More fathers reported playing with their children every day.",
        ["Input.Figures[0].Value"] = "48",
        ["Input.Figures[0].Label"] = "fathers who joined at least three circles",
        ["Input.Lessons"] = "Meet when fathers are free, and let fathers lead.",
        ["Input.Contacts"] = "The network's secretariat.",
        ["Input.Sources"] = "Attendance registers kept by the volunteers.",
    };

    /// <summary>Writes and submits (or saves) a case study through the form; returns the response.</summary>
    public static Task<Page> WriteAsync(this TestClient client, IDictionary<string, string> fields, string url = "/case-studies/write", bool draft = false,
        IEnumerable<KeyValuePair<string, string>>? extra = null) => PostFormAsync(client, url, fields, extra, draft ? "?handler=Save" : "");

    /// <summary>Loads the writing page and posts its form with these fields (the "Save draft" button adds ?handler=Save).</summary>
    private static async Task<Page> PostFormAsync(TestClient client, string url, IDictionary<string, string> fields, IEnumerable<KeyValuePair<string, string>>? extra, string handler)
    {
        var page = await client.GetAsync(url);
        var form = page.Document.QuerySelector("form.case-study-form") as AngleSharp.Html.Dom.IHtmlFormElement ?? throw new InvalidOperationException($"No form on {url}: {page.Status}");
        var values = FormValues(form, fields, extra);
        return await client.PostAsync((form.GetAttribute("action") ?? url) + handler, values);
    }

    private static List<KeyValuePair<string, string>> FormValues(AngleSharp.Html.Dom.IHtmlFormElement form, IDictionary<string, string> fields, IEnumerable<KeyValuePair<string, string>>? extra)
    {
        var given = fields.Keys.Concat(extra?.Select(e => e.Key) ?? []).ToHashSet();
        var values = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case AngleSharp.Html.Dom.IHtmlInputElement { Type: "checkbox" } box:
                    if (box.IsChecked && !given.Contains(box.Name!)) values.Add(new(box.Name!, box.Value));
                    break;
                case AngleSharp.Html.Dom.IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && !given.Contains(input.Name):
                    values.Add(new(input.Name, input.Value));
                    break;
                case AngleSharp.Html.Dom.IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name) && !given.Contains(area.Name):
                    values.Add(new(area.Name, area.Value));
                    break;
                case AngleSharp.Html.Dom.IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name) && !given.Contains(select.Name):
                    values.Add(new(select.Name, select.Value ?? ""));
                    break;
            }
        }
        values.AddRange(fields);
        if (extra is not null) values.AddRange(extra);
        return values;
    }

    public static Guid IdFrom(Page page) =>
        page.Status == HttpStatusCode.Redirect && page.Location is { } l && l.StartsWith("/case-studies/") && Guid.TryParse(l["/case-studies/".Length..], out var id)
            ? id : throw new InvalidOperationException($"Not saved: {page.Status} {page.Location} {page.Document.QuerySelector("main")?.TextContent}");

    /// <summary>Posts one review action from the case study's page, as the button of that action would.</summary>
    public static async Task<Page> ReviewAsync(this TestClient client, Guid id, string action, string note = "", Guid? version = null)
    {
        var page = await client.GetAsync($"/case-studies/{id}");
        var form = page.Document.QuerySelector("form[action*='handler=Review']") as AngleSharp.Html.Dom.IHtmlFormElement;
        var token = page.Document.QuerySelector("input[name='__RequestVerificationToken']")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"No form on /case-studies/{id}: {page.Status}");
        var seen = version?.ToString() ?? form?.QuerySelector("input[name='Version']")?.GetAttribute("value") ?? Guid.Empty.ToString();
        return await client.PostAsync($"/case-studies/{id}?handler=Review",
            [new("__RequestVerificationToken", token), new("Version", seen), new("Note", note), new("action", action)]);
    }

    public static async Task<CaseStudy?> LoadAsync(this AppFixture app, Guid id)
    {
        await using var session = app.Store.QuerySession();
        return await session.LoadAsync<CaseStudy>(id);
    }

    public static async Task<Member> InCountryAsync(this AppFixture app, Member member, string country)
    {
        await using var session = app.Store.LightweightSession();
        var stored = await session.LoadAsync<Member>(member.Id) ?? throw new InvalidOperationException();
        stored.Country = country;
        session.Store(stored);
        await session.SaveChangesAsync();
        return stored;
    }

    public static async Task<int> SearchTotalAsync(this TestClient client, string query)
    {
        var page = await client.GetAsync("/api/search?" + query);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return JsonDocument.Parse(page.Text).RootElement.GetProperty("total").GetInt32();
    }

    public static Task SearchCaughtUpAsync(this AppFixture app) =>
        app.Factory.Services.GetRequiredService<SearchIndex>().WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(10));

    public static Guid Imported(string file) => CaseStudy.IdForPath($"case-studies/{file}.md");
}
