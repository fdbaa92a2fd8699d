using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using KnowledgeHub.Infrastructure;
using KnowledgeHub.Infrastructure.Markdown;
using Marten;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.Content;

public sealed class ContentOptions
{
    public string Path { get; set; } = "content";
    public bool ImportOnStart { get; set; } = true;
}

public sealed record ContentError(string Path, int Line, string Message)
{
    public override string ToString() => $"{Path}:{Line}: {Message}";
}

public sealed record ContentImportReport(
    IReadOnlyList<string> Created, IReadOnlyList<string> Updated, int Unchanged,
    IReadOnlyList<string> Missing, IReadOnlyList<string> Skipped, IReadOnlyList<ContentError> Errors)
{
    public override string ToString() =>
        $"{Created.Count} created, {Updated.Count} updated, {Unchanged} unchanged, {Missing.Count} missing, {Skipped.Count} skipped, {Errors.Count} errors";
}

/// <summary>
/// Imports content/ into Marten: idempotent (ids come from file paths, unchanged files are skipped by hash),
/// a removed file is reported and kept, and a bad file is reported with its line without stopping the others.
/// Files that make one document together (a course's folder) are imported as a group, once, whenever one of them is
/// added, changed or removed.
/// </summary>
public sealed partial class ContentImport(IDocumentStore store, IEnumerable<IContentImporter> importers, IOptions<ContentOptions> options,
    IHostEnvironment environment, ILogger<ContentImport> logger, Microsoft.AspNetCore.OutputCaching.IOutputCacheStore? pages = null)
{
    /// <summary>Bump when importers or rendering change, so every file is imported again.</summary>
    public const string FormatVersion = "1";

    public string Root => AppPaths.Resolve(options.Value.Path, environment.ContentRootPath);

    public async Task<ContentImportReport> ImportAsync(CancellationToken ct = default)
    {
        var byFolder = importers.ToDictionary(i => i.Folder, StringComparer.Ordinal);
        List<string> created = [], updated = [], skipped = [];
        List<ContentError> errors = [];
        var unchanged = 0;

        await using var session = store.LightweightSession();
        var known = (await session.Query<ContentSource>().ToListAsync(ct)).ToDictionary(s => s.Id);
        var seen = new HashSet<string>();
        var groups = new Dictionary<(IContentGroupImporter Importer, string Group), FileGroup>();
        var files = Directory.Exists(Root)
            ? Directory.EnumerateFiles(Root, "*.md", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToList()
            : [];

        foreach (var path in files)
        {
            var relative = Path.GetRelativePath(Root, path).Replace('\\', '/');
            var folder = relative.Split('/')[0];
            if (Path.GetFileName(relative).Equals("README.md", StringComparison.OrdinalIgnoreCase)) continue; // a folder's authoring guide, not content
            if (!relative.Contains('/') || !byFolder.TryGetValue(folder, out var importer))
            {
                skipped.Add(relative);
                continue;
            }
            seen.Add(relative);
            var text = await File.ReadAllTextAsync(path, ct);
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(FormatVersion + "\n" + text)));
            var isUnchanged = known.TryGetValue(relative, out var source) && source.Hash == hash && !source.Missing;
            if (importer is IContentGroupImporter groupImporter && groupImporter.GroupOf(relative) is { } groupName)
            {
                // Kept for the group: every file of it is needed if any one changed, and it has just been read.
                var group = Group(groups, groupImporter, groupName);
                group.Texts[relative] = text;
                if (isUnchanged) unchanged++;
                else group.Changed[relative] = (hash, source is null);
                continue;
            }
            if (isUnchanged)
            {
                unchanged++;
                continue;
            }
            try
            {
                // Each file is checked whole before anything of it is stored.
                using var fileSession = store.LightweightSession();
                await importer.ImportAsync(ContentFile.Parse(relative, text), fileSession, ct);
                fileSession.Store(new ContentSource { Id = relative, Kind = folder, Hash = hash, ImportedAt = DateTimeOffset.UtcNow });
                await fileSession.SaveChangesAsync(ct);
                (source is null ? created : updated).Add(relative);
            }
            catch (ContentException e)
            {
                errors.Add(new ContentError(relative, e.Line, e.Message));
            }
        }

        var missing = known.Values.Where(s => !seen.Contains(s.Id)).Select(s => s.Id).Order(StringComparer.Ordinal).ToList();
        foreach (var id in missing)
            if (byFolder.GetValueOrDefault(id.Split('/')[0]) is IContentGroupImporter groupImporter && groupImporter.GroupOf(id) is { } groupName)
                Group(groups, groupImporter, groupName).Removed.Add(id);
        var settled = new HashSet<string>(); // removed files whose group was imported again without them: no longer tracked
        foreach (var ((importer, name), group) in groups.Where(g => g.Value.Changed.Count + g.Value.Removed.Count > 0))
        {
            if (group.Texts.Count == 0) continue; // the whole group went: its documents are kept, like a removed page's
            try
            {
                using var groupSession = store.LightweightSession();
                await importer.ImportGroupAsync(name, group.Texts, groupSession, ct);
                foreach (var (relative, (hash, _)) in group.Changed)
                    groupSession.Store(new ContentSource { Id = relative, Kind = importer.Folder, Hash = hash, ImportedAt = DateTimeOffset.UtcNow });
                foreach (var relative in group.Removed) groupSession.Delete<ContentSource>(relative);
                await groupSession.SaveChangesAsync(ct);
                foreach (var (relative, (_, isNew)) in group.Changed) (isNew ? created : updated).Add(relative);
                settled.UnionWith(group.Removed);
            }
            catch (ContentException e)
            {
                // Group importers name the file at fault as "file.md:line: message".
                var match = FileAndLine().Match(e.Message);
                errors.Add(match.Success && group.Texts.ContainsKey($"{name}/{match.Groups[1].Value}")
                    ? new ContentError($"{name}/{match.Groups[1].Value}", e.Line, match.Groups[2].Value)
                    : new ContentError(name, e.Line, e.Message));
            }
        }
        foreach (var id in missing.Where(id => !known[id].Missing && !settled.Contains(id)))
        {
            known[id].Missing = true;
            session.Store(known[id]);
        }
        await session.SaveChangesAsync(ct);

        var report = new ContentImportReport(created, updated, unchanged, missing, skipped, errors);
        if (created.Count + updated.Count > 0 && pages is not null) await pages.EvictByTagAsync(VisitorPagePolicy.ContentTag, ct);
        logger.LogInformation("Content import from {Root}: {Report}", Root, report.ToString());
        foreach (var e in errors) logger.LogWarning("Content error {Path}:{Line}: {Message}", e.Path, e.Line, e.Message);
        foreach (var m in missing) logger.LogWarning("Content file {Path} was removed; its document is kept until removed in the app", m);
        return report;
    }

    private sealed class FileGroup
    {
        public Dictionary<string, string> Texts { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, (string Hash, bool IsNew)> Changed { get; } = new(StringComparer.Ordinal);
        public List<string> Removed { get; } = [];
    }

    private static FileGroup Group(Dictionary<(IContentGroupImporter, string), FileGroup> groups, IContentGroupImporter importer, string name) =>
        groups.TryGetValue((importer, name), out var group) ? group : groups[(importer, name)] = new FileGroup();

    public static string IdFor(string relativePath) => relativePath.EndsWith(".md", StringComparison.Ordinal) ? relativePath[..^3] : relativePath;

    public static string Slug(string value)
    {
        var slug = value.Trim().ToLowerInvariant();
        if (!SlugPattern().IsMatch(slug)) throw new ContentException(1, $"'{value}' is not a valid slug: use lowercase letters, digits and hyphens.");
        return slug;
    }

    public static string Render(MarkdownRenderer renderer, ContentFile file)
    {
        try { return renderer.Render(file.Body); }
        catch (MarkdownTooComplexException e) { throw new ContentException(file.BodyStartLine, e.Message); }
    }

    /// <summary>Lowercase letters and digits in hyphen-separated runs: the shape of every slug and key in content/.</summary>
    public static bool IsSlug(string value) => SlugPattern().IsMatch(value);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex(@"^([^/:]+\.md):\d+: (.*)$", RegexOptions.Singleline)]
    private static partial Regex FileAndLine();
}

/// <summary>Imports content/ when the app starts, before it serves the first page.</summary>
public sealed class ContentImportOnStart(ContentImport import, IOptions<ContentOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (options.Value.ImportOnStart) await import.ImportAsync(ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

public static class ContentModule
{
    public static IServiceCollection AddContent(this IServiceCollection services)
    {
        services.AddOptions<ContentOptions>().BindConfiguration("Content");
        services.AddSingleton<MarkdownRenderer>();
        services.AddSingleton<ContentImport>();
        services.AddSingleton<IContentImporter, PageImporter>();
        services.AddSingleton<IContentImporter, GlossaryImporter>();
        services.AddHostedService<ContentImportOnStart>();
        services.ConfigureMarten(o =>
        {
            o.Schema.For<ContentPage>().Index(p => p.Slug);
            o.Schema.For<GlossaryTerm>().Index(t => t.Slug);
            o.Schema.For<ContentSource>();
        });
        return services;
    }
}
