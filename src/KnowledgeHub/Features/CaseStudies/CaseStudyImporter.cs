using KnowledgeHub.Features.Content;
using Marten;

namespace KnowledgeHub.Features.CaseStudies;

/// <summary>
/// Imports content/case-studies: front matter for the facts, one "## " section per part of the story (see the folder's
/// README). Checked by the same rules as a submission; imported case studies are published at once. Their discussion
/// thread and review history, which live in the app, survive a re-import.
/// </summary>
public sealed class CaseStudyImporter(CaseStudyRules rules) : IContentImporter
{
    public string Folder => "case-studies";

    /// <summary>Section headings and the field each fills.</summary>
    private static readonly Dictionary<string, string> Headings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["The challenge"] = nameof(CaseStudyInput.Challenge), ["What was done"] = nameof(CaseStudyInput.WhatWasDone),
        ["Results"] = nameof(CaseStudyInput.Results), ["Lessons learned"] = nameof(CaseStudyInput.Lessons),
        ["Contacts"] = nameof(CaseStudyInput.Contacts), ["Sources"] = nameof(CaseStudyInput.Sources),
    };

    public async Task ImportAsync(ContentFile file, IDocumentSession session, CancellationToken ct)
    {
        var meta = file.Read<CaseStudyFrontMatter>();
        var (sections, lines) = Sections(file);
        var input = new CaseStudyInput
        {
            Title = meta.Title, Country = meta.Country, Organisation = meta.Organisation, Sectors = meta.Sectors ?? [],
            Themes = string.Join(", ", meta.Themes ?? []), Language = meta.Language ?? "en", Summary = meta.Summary,
            Figures = (meta.Figures ?? []).Select(f => new FigureInput { Value = f.Value, Label = f.Label }).ToList(),
            Challenge = sections.GetValueOrDefault(nameof(CaseStudyInput.Challenge)), WhatWasDone = sections.GetValueOrDefault(nameof(CaseStudyInput.WhatWasDone)),
            Results = sections.GetValueOrDefault(nameof(CaseStudyInput.Results)), Lessons = sections.GetValueOrDefault(nameof(CaseStudyInput.Lessons)),
            Contacts = sections.GetValueOrDefault(nameof(CaseStudyInput.Contacts)), Sources = sections.GetValueOrDefault(nameof(CaseStudyInput.Sources)),
        };

        var id = CaseStudy.IdForPath(file.RelativePath);
        var study = await session.LoadAsync<CaseStudy>(id, ct) ?? new CaseStudy { Id = id, CreatedAt = DateTimeOffset.UtcNow };
        var errors = rules.Apply(input, study);
        if (errors.Count > 0)
        {
            var (field, message) = errors.First();
            var line = lines.TryGetValue(field, out var l) ? l : 1;
            var where = lines.ContainsKey(field) ? $"section '{Headings.First(h => h.Value == field).Key}'" : $"front matter '{FrontMatterKey(field)}'";
            throw new ContentException(line, $"{where}: {message}");
        }
        if (meta.Follows is { } follows)
        {
            var target = $"{Folder}/{ContentImport.Slug(follows)}.md";
            if (target == file.RelativePath) throw new ContentException(1, "Front matter 'follows' names this same file.");
            study.FollowsId = CaseStudy.IdForPath(target);
        }
        else study.FollowsId = null;
        study.Origin = CaseStudyOrigin.Imported;
        study.SourcePath = file.RelativePath;
        study.Status = CaseStudyStatus.Published;
        study.Illustrative = meta.Illustrative;
        study.AuthorId = null;
        study.AuthorName = study.Organisation;
        if (meta.Published is { } published)
        {
            if (!DateOnly.TryParseExact(published.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
                throw new ContentException(1, $"Front matter 'published' must be a date like 2024-05-31 (not '{published}').");
            study.PublishedAt = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }
        else study.PublishedAt ??= DateTimeOffset.UtcNow;
        study.UpdatedAt = DateTimeOffset.UtcNow;
        session.Store(study);
    }

    /// <summary>The body split at its "## " headings; text before the first heading or an unknown heading is an error.</summary>
    private static (Dictionary<string, string> Text, Dictionary<string, int> Lines) Sections(ContentFile file)
    {
        var text = new Dictionary<string, string>();
        var lines = new Dictionary<string, int>();
        string? current = null;
        var buffer = new List<string>();
        var body = file.Body.Split('\n');
        for (var i = 0; i < body.Length; i++)
        {
            var line = body[i];
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                Flush();
                var heading = line[3..].Trim();
                if (!Headings.TryGetValue(heading, out current))
                    throw new ContentException(file.BodyStartLine + i, $"Unknown section '{heading}': use {string.Join(", ", Headings.Keys.Select(k => $"'## {k}'"))}.");
                if (lines.ContainsKey(current)) throw new ContentException(file.BodyStartLine + i, $"Section '{heading}' appears twice.");
                lines[current] = file.BodyStartLine + i;
                continue;
            }
            if (current is null && line.Trim().Length > 0)
                throw new ContentException(file.BodyStartLine + i, "Text before the first section: start the body with '## The challenge'.");
            buffer.Add(line);
        }
        Flush();
        return (text, lines);

        void Flush()
        {
            if (current is not null) text[current] = string.Join('\n', buffer).Trim();
            buffer.Clear();
        }
    }

    /// <summary>A field's name in the front matter, as the YAML reader itself names them ("WhatWasDone" -> "what-was-done").</summary>
    private static string FrontMatterKey(string field) => YamlDotNet.Serialization.NamingConventions.HyphenatedNamingConvention.Instance.Apply(field);

    private sealed class CaseStudyFrontMatter
    {
        public string? Title { get; set; }
        public string? Country { get; set; }
        public string? Organisation { get; set; }
        public List<string>? Sectors { get; set; }
        public List<string>? Themes { get; set; }
        public string? Language { get; set; }
        public string? Summary { get; set; }
        public List<FigureFrontMatter>? Figures { get; set; }
        public string? Follows { get; set; }
        public string? Published { get; set; }
        public bool Illustrative { get; set; }
    }

    private sealed class FigureFrontMatter
    {
        public string? Value { get; set; }
        public string? Label { get; set; }
    }
}
