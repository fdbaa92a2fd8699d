using System.Collections.Concurrent;
using System.Security.Claims;
using KnowledgeHub.Features.Members;

namespace KnowledgeHub.Features.Account;

/// <summary>
/// What this node last read about each signed-in member (security stamp, suspension, the claims a cookie should carry),
/// so a cookie is checked against the database at most once per interval per member, not on every request.
/// A cookie that disagrees with the remembered member is always checked against the database again before anything is
/// decided, so a stale entry can delay a refresh but never reject a good cookie or accept a changed one for longer
/// than the interval. Changes made on this node (suspension, roles) forget the member at once.
/// </summary>
public sealed class MemberChecks(TimeProvider clock)
{
    private const int Capacity = 50_000;
    private readonly ConcurrentDictionary<Guid, Entry> entries = new();

    public sealed record Entry(Member? Member, string? Fingerprint, DateTimeOffset ReadAt);

    public Entry? Recent(Guid id, TimeSpan interval) =>
        interval > TimeSpan.Zero && entries.TryGetValue(id, out var entry) && clock.GetUtcNow() - entry.ReadAt < interval ? entry : null;

    public Entry Remember(Guid id, Member? member)
    {
        if (entries.Count >= Capacity) entries.Clear(); // bounded; a cleared entry only costs one more database read
        var entry = new Entry(member, member is null ? null : Fingerprint(MemberSignIn.PrincipalFor(member)), clock.GetUtcNow());
        entries[id] = entry;
        return entry;
    }

    public void Forget(Guid id) => entries.TryRemove(id, out _);

    /// <summary>The claims that matter, in a stable order: two principals with the same fingerprint need no refresh.</summary>
    public static string Fingerprint(ClaimsPrincipal principal) =>
        string.Join('\n', principal.Claims.Select(c => c.Type + "=" + c.Value).Order(StringComparer.Ordinal));
}
