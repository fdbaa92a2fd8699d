using Marten;

namespace KnowledgeHub.Features.Forum;

public static class Drafts
{
    public const int MaxLength = 64_000;

    /// <summary>Keeps what was typed (cut to a safe size); used by autosave and whenever a submit fails.</summary>
    public static async Task SaveAsync(IDocumentSession session, Guid member, string key, string? title, string? markdown, string? tags, CancellationToken ct)
    {
        string Cut(string? s, int max) => KnowledgeHub.Infrastructure.Text.TextRules.HasForbiddenCharacters(s, allowLineBreaks: true)
            ? new string((s ?? "").Where(c => !char.IsSurrogate(c) && (c >= ' ' || c is '\n' or '\r' or '\t')).Take(max).ToArray()) // jsonb refuses NUL and lone surrogates
            : (s ?? "").Length > max ? s![..max] : s ?? "";
        session.Store(new Draft
        {
            Id = Draft.IdFor(member, key), MemberId = member, Key = key, Title = Cut(title, 500), Markdown = Cut(markdown, MaxLength),
            Tags = Cut(tags, 500), UpdatedAt = DateTimeOffset.UtcNow,
        });
        await session.SaveChangesAsync(ct);
    }

    public static Task<Draft?> LoadAsync(IQuerySession session, Guid member, string key, CancellationToken ct) =>
        session.LoadAsync<Draft>(Draft.IdFor(member, key), ct);
}
