using System.Globalization;
using System.Net;
using System.Text;
using KnowledgeHub.Features.Forum;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Infrastructure;
using KnowledgeHub.Infrastructure.Email;
using KnowledgeHub.Infrastructure.Postgres;
using Marten;
using Marten.Patching;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.Notifications;

public sealed class NotificationMailOptions
{
    public bool Enabled { get; set; } = true;
    public int IntervalSeconds { get; set; } = 60;
    /// <summary>"Immediately" waits this long, so something already seen in the app is not emailed too.</summary>
    public int ImmediateDelayMinutes { get; set; } = 5;
}

/// <summary>
/// Emails notifications by each member's choice: soon after (grouped), or a daily or weekly digest. Unread only;
/// access is checked again at sending time, so a member who left a private space gets nothing from it.
/// One node sends at a time (an advisory lock), and each notification is emailed at most once.
/// </summary>
public sealed class NotificationMailer(IDocumentStore store, IEmailSender email, IOptions<NotificationMailOptions> options, IOptions<SiteOptions> site,
    IStringLocalizer<SharedResource> L, TimeProvider clock, ILogger<NotificationMailer> logger) : BackgroundService
{
    private static readonly Guid LockKey = new("6b1f3c52-6a55-4cfa-9bde-6a5d2a8e1f10");

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        if (!options.Value.Enabled) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(5, options.Value.IntervalSeconds)), clock);
        while (await timer.WaitForNextTickAsync(stop))
        {
            try { await SendDueAsync(clock.GetUtcNow(), stop); }
            catch (Exception e) when (e is not OperationCanceledException) { logger.LogWarning(e, "Sending notification emails failed; will try again"); }
        }
    }

    /// <summary>Sends every email due at <paramref name="now"/>; returns how many emails went out.</summary>
    public async Task<int> SendDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        await session.LockAsync(LockKey, ct);
        var pending = await session.Query<Notification>().Where(n => n.EmailedAt == null && n.ReadAt == null).OrderBy(n => n.CreatedAt).Take(5000).ToListAsync(ct);
        var sent = 0;
        foreach (var group in pending.GroupBy(n => n.MemberId))
        {
            var member = await session.LoadAsync<Member>(group.Key, ct);
            if (member is null || member.Suspended || !member.EmailConfirmed || member.EmailNotifications == EmailFrequency.Never)
            {
                Mark(session, group, now);
                continue;
            }
            var due = member.EmailNotifications switch
            {
                EmailFrequency.Immediately => group.Any(n => now - n.CreatedAt >= TimeSpan.FromMinutes(options.Value.ImmediateDelayMinutes)),
                EmailFrequency.Daily => now - (member.LastDigestAt ?? DateTimeOffset.MinValue) >= TimeSpan.FromDays(1),
                _ => now - (member.LastDigestAt ?? DateTimeOffset.MinValue) >= TimeSpan.FromDays(7),
            };
            if (!due) continue;
            var readable = await ReadableAsync(session, member, group.ToList(), now, ct);
            if (readable.Count > 0)
            {
                await email.SendAsync(Compose(member, readable), ct);
                sent++;
            }
            Mark(session, group, now);
            if (member.EmailNotifications != EmailFrequency.Immediately) session.Patch<Member>(member.Id).Set(m => m.LastDigestAt, now);
        }
        await session.SaveChangesAsync(ct);
        return sent;
    }

    private static void Mark(IDocumentSession session, IEnumerable<Notification> items, DateTimeOffset now)
    {
        foreach (var n in items) session.Patch<Notification>(n.Id).Set(x => x.EmailedAt, now);
    }

    /// <summary>A post's notification while its thread is there and readable; a page's while its circle (if any) is readable.</summary>
    private static async Task<List<Notification>> ReadableAsync(IQuerySession session, Member member, List<Notification> items, DateTimeOffset now, CancellationToken ct)
    {
        var threadIds = items.Where(n => n.Link is null).Select(n => n.ThreadId).Distinct().ToArray();
        var threads = threadIds.Length == 0 ? [] : (await session.LoadManyAsync<ForumThread>(ct, threadIds)).ToDictionary(t => t.Id);
        var spaceIds = threads.Values.Select(t => t.SpaceId).Concat(items.Select(n => n.SpaceId).OfType<string>()).Distinct().ToArray();
        var spaces = spaceIds.Length == 0 ? [] : (await session.LoadManyAsync<Space>(ct, spaceIds)).ToDictionary(s => s.Id);
        bool Readable(string spaceId) => spaces.TryGetValue(spaceId, out var s) && ForumAccess.CanRead(s, member, now);
        return items.Where(n => n.Link is null
            ? threads.TryGetValue(n.ThreadId, out var t) && !t.Deleted && Readable(t.SpaceId)
            : n.SpaceId is null || Readable(n.SpaceId)).ToList();
    }

    private EmailMessage Compose(Member member, List<Notification> items)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(member.PreferredCulture ?? "en");
            var root = (site.Value.PublicUrl ?? "http://127.0.0.1:5080").TrimEnd('/');
            var subject = items.Count == 1 ? L[$"Notification.{items[0].Kind}", items[0].ActorName, items[0].ThreadTitle].Value
                : L["{0} new notifications", items.Count].Value;
            var text = new StringBuilder();
            var html = new StringBuilder("<ul>");
            foreach (var n in items)
            {
                var line = L[$"Notification.{n.Kind}", n.ActorName, n.ThreadTitle].Value;
                var link = root + n.Path();
                text.Append("- ").Append(line).Append('\n').Append("  ").Append(link).Append('\n');
                html.Append("<li><a href=\"").Append(WebUtility.HtmlEncode(link)).Append("\">").Append(WebUtility.HtmlEncode(line)).Append("</a></li>");
            }
            var settings = L["Choose how often you get these emails: {0}", $"{root}/preferences"].Value;
            text.Append('\n').Append(settings).Append('\n');
            html.Append("</ul><p>").Append(WebUtility.HtmlEncode(settings)).Append("</p>");
            return new EmailMessage(member.Email, member.Name, $"{subject} — {site.Value.Name}", text.ToString(), html.ToString());
        }
        finally
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = previous;
        }
    }
}
