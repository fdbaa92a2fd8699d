using System.Text.RegularExpressions;
using KnowledgeHub.Features.Forum;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Infrastructure.Markdown;
using KnowledgeHub.Infrastructure.Text;
using Microsoft.Extensions.Localization;

namespace KnowledgeHub.Features.CaseStudies;

/// <summary>What an author types (the form) or writes in front matter and sections (content/case-studies).</summary>
public sealed class CaseStudyInput
{
    public string? Title { get; set; }
    public string? Country { get; set; }
    public string? Organisation { get; set; }
    public List<string> Sectors { get; set; } = [];
    public string? Themes { get; set; }
    public string? Language { get; set; }
    public string? Summary { get; set; }
    public string? Challenge { get; set; }
    public string? WhatWasDone { get; set; }
    public string? Results { get; set; }
    public List<FigureInput> Figures { get; set; } = [];
    public string? Lessons { get; set; }
    public string? Contacts { get; set; }
    public string? Sources { get; set; }
    public Guid Version { get; set; }

    public static CaseStudyInput From(CaseStudy c) => new()
    {
        Title = c.Title, Country = c.Country, Organisation = c.Organisation, Sectors = [.. c.Sectors], Themes = string.Join(", ", c.Themes),
        Language = c.Language, Summary = c.Summary, Challenge = c.Challenge.Markdown, WhatWasDone = c.WhatWasDone.Markdown,
        Results = c.Results.Markdown, Figures = c.Figures.Select(f => new FigureInput { Value = f.Value, Label = f.Label }).ToList(),
        Lessons = c.Lessons.Markdown, Contacts = c.Contacts.Markdown, Sources = c.Sources.Markdown, Version = c.Version,
    };
}

public sealed class FigureInput
{
    public string? Value { get; set; }
    public string? Label { get; set; }
}

/// <summary>
/// The rules for a case study, the same for the form and for content files: each problem is reported beside its field
/// (by property name) in the reader's language. Markdown is rendered and sanitized here, once.
/// </summary>
public sealed partial class CaseStudyRules(MarkdownRenderer renderer, IStringLocalizer<SharedResource> L)
{
    public const int MaxTitle = 200, MaxOrganisation = 200, MaxSummary = 600, MaxSection = 20_000, MaxSmallSection = 5_000;
    public const int MaxSectors = 4, MaxThemes = 6, MaxThemeLength = 30, MaxFigures = 6, MaxFigureValue = 30, MaxFigureLabel = 160;

    /// <summary>Checks everything needed to publish; on success fills <paramref name="target"/> with clean text and HTML.</summary>
    public Dictionary<string, string> Apply(CaseStudyInput input, CaseStudy target)
    {
        var errors = new Dictionary<string, string>();
        var title = Line(input.Title, nameof(input.Title), 5, MaxTitle, errors, L["Give the case study a title of at least 5 characters."]);
        var organisation = Line(input.Organisation, nameof(input.Organisation), 2, MaxOrganisation, errors, L["Name the network or organisation that did the work."]);
        var summary = Line(input.Summary, nameof(input.Summary), 20, MaxSummary, errors, L["Write a summary of one or two sentences (at least 20 characters)."]);

        var country = (input.Country ?? "").Trim().ToUpperInvariant();
        if (!Countries.IsKnown(country)) errors[nameof(input.Country)] = L["Choose the country where this happened."];

        var sectors = input.Sectors.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).Distinct().ToList();
        if (sectors.Count == 0) errors[nameof(input.Sectors)] = L["Choose at least one sector."];
        else if (sectors.Count > MaxSectors) errors[nameof(input.Sectors)] = L["Choose at most {0} sectors.", MaxSectors];
        else if (!sectors.All(CaseSectors.IsKnown)) errors[nameof(input.Sectors)] = L["Choose sectors from the list."];

        var (themes, themeError) = Themes(input.Themes);
        if (themeError is not null) errors[nameof(input.Themes)] = themeError;

        var language = PostText.ContentLanguages.FirstOrDefault(l => string.Equals(l.Tag, input.Language?.Trim(), StringComparison.OrdinalIgnoreCase)).Tag;
        if (language is null) errors[nameof(input.Language)] = L["Choose the language it is written in."];

        var challenge = Section(input.Challenge, nameof(input.Challenge), true, MaxSection, errors);
        var done = Section(input.WhatWasDone, nameof(input.WhatWasDone), true, MaxSection, errors);
        var results = Section(input.Results, nameof(input.Results), true, MaxSection, errors);
        var lessons = Section(input.Lessons, nameof(input.Lessons), true, MaxSection, errors);
        var contacts = Section(input.Contacts, nameof(input.Contacts), false, MaxSmallSection, errors);
        var sources = Section(input.Sources, nameof(input.Sources), false, MaxSmallSection, errors);
        var figures = Figures(input.Figures, errors);

        if (errors.Count > 0) return errors;
        target.Title = title!;
        target.Organisation = organisation!;
        target.Summary = summary!;
        target.Country = country;
        target.Sectors = sectors;
        target.Themes = themes;
        target.Language = language!;
        (target.Challenge, target.WhatWasDone, target.Results, target.Lessons, target.Contacts, target.Sources) = (challenge!, done!, results!, lessons!, contacts!, sources!);
        target.Figures = figures;
        return errors;
    }

    /// <summary>
    /// Keeps whatever was typed as a draft, without judging it: invalid characters (which PostgreSQL refuses) are dropped
    /// and lengths capped, and each section is previewed as HTML when it can be rendered.
    /// </summary>
    public void ApplyDraft(CaseStudyInput input, CaseStudy target)
    {
        target.Title = Keep(input.Title, MaxTitle * 2);
        target.Organisation = Keep(input.Organisation, MaxOrganisation * 2);
        target.Summary = Keep(input.Summary, MaxSummary * 2);
        var country = Keep(input.Country, 2).ToUpperInvariant();
        target.Country = Countries.IsKnown(country) ? country : "";
        target.Sectors = input.Sectors.Where(CaseSectors.IsKnown).Distinct().Take(MaxSectors * 2).ToList();
        target.Themes = Keep(input.Themes, 500).Split([',', '،', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(MaxThemes * 2).ToList();
        target.Language = PostText.Language(input.Language);
        target.Challenge = Preview(input.Challenge, MaxSection);
        target.WhatWasDone = Preview(input.WhatWasDone, MaxSection);
        target.Results = Preview(input.Results, MaxSection);
        target.Lessons = Preview(input.Lessons, MaxSection);
        target.Contacts = Preview(input.Contacts, MaxSmallSection);
        target.Sources = Preview(input.Sources, MaxSmallSection);
        target.Figures = input.Figures.Select(f => new Figure(Keep(f.Value, MaxFigureValue * 2), Keep(f.Label, MaxFigureLabel * 2)))
            .Where(f => f.Value.Length + f.Label.Length > 0).Take(MaxFigures).ToList();
    }

    public static bool IsBlank(CaseStudyInput i) =>
        new[] { i.Title, i.Organisation, i.Summary, i.Challenge, i.WhatWasDone, i.Results, i.Lessons, i.Contacts, i.Sources, i.Themes }.All(string.IsNullOrWhiteSpace)
        && i.Figures.All(f => string.IsNullOrWhiteSpace(f.Value) && string.IsNullOrWhiteSpace(f.Label));

    public (List<string> Themes, string? Error) Themes(string? text)
    {
        if (TextRules.HasForbiddenCharacters(text)) return ([], L["This contains invisible or invalid characters. Please retype it."]);
        var themes = (text ?? "").Split([',', '،', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => TextRules.Clean(t).ToLowerInvariant().TrimStart('#').Replace(' ', '-')).Where(t => t.Length > 0).Distinct().ToList();
        if (themes.Count == 0) return (themes, L["Name at least one theme, for example: parenting, workforce."]);
        if (themes.Count > MaxThemes) return (themes, L["Use at most {0} themes.", MaxThemes]);
        if (themes.Any(t => t.Length > MaxThemeLength || !ThemePattern().IsMatch(t)))
            return (themes, L["Themes are words or short phrases of letters, digits and hyphens, up to {0} characters each.", MaxThemeLength]);
        return (themes, null);
    }

    private string? Line(string? value, string field, int min, int max, Dictionary<string, string> errors, string tooShort)
    {
        if (TextRules.HasForbiddenCharacters(value)) { errors[field] = L["This contains invisible or invalid characters. Please retype it."]; return null; }
        var clean = TextRules.Clean(value);
        var length = TextRules.VisibleLength(clean);
        if (length < min) { errors[field] = tooShort; return null; }
        if (length > max) { errors[field] = L["Keep this under {0} characters (now {1}).", max, length]; return null; }
        return clean;
    }

    private CaseSection? Section(string? markdown, string field, bool required, int max, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            if (required) errors[field] = L["This section is needed before the case study can be reviewed."];
            return required ? null : new CaseSection();
        }
        if (markdown.Length > max) { errors[field] = L["This section can be up to {0} characters; it has {1}.", max, markdown.Length]; return null; }
        if (TextRules.HasForbiddenCharacters(markdown, allowLineBreaks: true))
        {
            errors[field] = L["The text contains invisible or invalid characters (for example from a copy and paste). Remove them and try again."];
            return null;
        }
        try { return new CaseSection(markdown.Trim(), renderer.Render(markdown)); }
        catch (MarkdownTooComplexException)
        {
            errors[field] = L["The text is too complex to display (deeply nested quotes or lists, or thousands of brackets). Simplify it and try again."];
            return null;
        }
    }

    private List<Figure> Figures(List<FigureInput> input, Dictionary<string, string> errors)
    {
        var figures = new List<Figure>();
        foreach (var f in input)
        {
            var (value, label) = (TextRules.Clean(f.Value), TextRules.Clean(f.Label));
            if (value.Length == 0 && label.Length == 0) continue;
            if (TextRules.HasForbiddenCharacters(f.Value) || TextRules.HasForbiddenCharacters(f.Label))
            { errors[nameof(CaseStudyInput.Figures)] = L["This contains invisible or invalid characters. Please retype it."]; return []; }
            if (value.Length == 0 || label.Length == 0)
            { errors[nameof(CaseStudyInput.Figures)] = L["Each figure needs both a number and what it counts."]; return []; }
            if (!value.Any(char.IsDigit) || TextRules.VisibleLength(value) > MaxFigureValue)
            { errors[nameof(CaseStudyInput.Figures)] = L["A figure's number must contain digits and be at most {0} characters, for example 120 or 35%.", MaxFigureValue]; return []; }
            if (TextRules.VisibleLength(label) > MaxFigureLabel)
            { errors[nameof(CaseStudyInput.Figures)] = L["Keep what a figure counts under {0} characters.", MaxFigureLabel]; return []; }
            figures.Add(new Figure(value, label));
        }
        if (figures.Count == 0) errors[nameof(CaseStudyInput.Figures)] = L["Give at least one result as a figure, for example: 120 — caregivers trained."];
        else if (figures.Count > MaxFigures) errors[nameof(CaseStudyInput.Figures)] = L["Give at most {0} figures.", MaxFigures];
        return figures;
    }

    private CaseSection Preview(string? markdown, int max)
    {
        var text = Keep(markdown, max * 2, allowLineBreaks: true);
        if (text.Length == 0) return new CaseSection();
        try { return new CaseSection(text, text.Length <= max ? renderer.Render(text) : ""); }
        catch (MarkdownTooComplexException) { return new CaseSection(text, ""); }
    }

    /// <summary>What may be stored of a typed value: no characters jsonb refuses, no invisible controls, at most <paramref name="max"/>.</summary>
    private static string Keep(string? value, int max, bool allowLineBreaks = false)
    {
        var s = value ?? "";
        if (TextRules.HasForbiddenCharacters(s, allowLineBreaks))
            s = new string(s.Where(c => !char.IsSurrogate(c) && c is not ('\uFFFE' or '\uFFFF') && (!char.IsControl(c) || (allowLineBreaks && c is '\n' or '\r' or '\t'))).ToArray());
        s = s.Trim();
        return s.Length > max ? s[..max] : s;
    }

    [GeneratedRegex(@"^[\p{L}\p{M}\p{Nd}][\p{L}\p{M}\p{Nd}-]*$")]
    private static partial Regex ThemePattern();
}
