using System.Security.Claims;
using KnowledgeHub.Features.Admin;
using KnowledgeHub.Features.Forum;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Features.Notifications;
using KnowledgeHub.Infrastructure.Postgres;
using Marten;
using JasperFx.Events;
using Marten.Patching;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.Mentoring;

public sealed record MentoringResult(string? Error, Guid? Id = null)
{
    public bool Ok => Error is null;
}

/// <summary>
/// Every change to who is in a circle goes through here: accepting a request, an administrator's match, ending or
/// removing a mentorship. The circle's forum space follows the circle in the same transaction, and a member who leaves
/// is taken out of their open live connections right after the commit.
/// </summary>
public sealed class Mentorships(IDocumentStore store, ForumNotifier live, SafeguardingExpiry expiry, TimeProvider clock, IOptions<MentoringOptions> options,
    IStringLocalizer<SharedResource> L, ILogger<Mentorships> logger)
{
    private const int Attempts = 5;

    /// <summary>The mentor accepts a pending request into a new circle (<paramref name="circleId"/> null) or one of theirs; the mentee is told.</summary>
    public async Task<MentoringResult> AcceptAsync(ClaimsPrincipal user, Guid requestId, Guid? circleId, string response, CancellationToken ct)
    {
        Guid menteeId = default;
        var result = await RetryAsync(ct, async session =>
        {
            var request = await session.LoadAsync<MentoringRequest>(requestId, ct);
            if (request is null || request.MentorId != user.MemberId()) return new(L["This request no longer exists."]);
            if (request.Status != RequestStatus.Pending) return new(L["This request was already answered or withdrawn."]);
            var started = await StartAsync(session, request.MentorId, request.MenteeId, circleId, request.Goal, request.Topic, request.Language, null, ct);
            if (!started.Ok) return started;
            request.Status = RequestStatus.Accepted;
            request.Response = response;
            request.DecidedAt = clock.GetUtcNow();
            request.MentorshipId = started.Id;
            session.Store(request);
            session.Insert(Notification.About(request.MenteeId, NotificationKind.MentoringAccepted, request.MentorName, request.Topic,
                $"/mentoring/mentorships/{started.Id}", request.DecidedAt.Value));
            menteeId = request.MenteeId;
            return started;
        });
        if (result.Ok) await live.NotifyAsync([menteeId]);
        return result;
    }

    public async Task<MentoringResult> DeclineAsync(ClaimsPrincipal user, Guid requestId, string response, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var request = await session.LoadAsync<MentoringRequest>(requestId, ct);
        if (request is null || request.MentorId != user.MemberId()) return new(L["This request no longer exists."]);
        if (request.Status != RequestStatus.Pending) return new(L["This request was already answered or withdrawn."]);
        request.Status = RequestStatus.Declined;
        request.Response = response;
        request.DecidedAt = clock.GetUtcNow();
        session.Store(request);
        session.Insert(Notification.About(request.MenteeId, NotificationKind.MentoringDeclined, request.MentorName, request.Topic,
            $"/mentoring/requests/{request.Id}", request.DecidedAt.Value));
        await session.SaveChangesAsync(ct);
        await live.NotifyAsync([request.MenteeId]);
        return new(null, request.Id);
    }

    /// <summary>An administrator pairs a member with a mentor directly; written to the audit log, and both are told.</summary>
    public async Task<MentoringResult> MatchAsync(ClaimsPrincipal admin, Guid menteeId, Guid mentorId, Guid? circleId, string goal, string topic, string language, CancellationToken ct)
    {
        var result = await RetryAsync(ct, async session =>
        {
            var actor = await session.LoadAsync<Member>(admin.MemberId() ?? Guid.Empty, ct);
            if (actor is null || !actor.Has(Role.Administrator)) return new(L["Only administrators can match members with mentors."]);
            var started = await StartAsync(session, mentorId, menteeId, circleId, goal, topic, language, actor.Name, ct);
            if (!started.Ok) return started;
            // A pending request between the two is answered by the match.
            var pending = await session.Query<MentoringRequest>().Where(r => r.MenteeId == menteeId && r.MentorId == mentorId && r.Status == RequestStatus.Pending).ToListAsync(ct);
            foreach (var r in pending)
            {
                (r.Status, r.DecidedAt, r.MentorshipId) = (RequestStatus.Accepted, clock.GetUtcNow(), started.Id);
                session.Store(r);
            }
            var mentee = await session.LoadAsync<Member>(menteeId, ct);
            var mentor = await session.LoadAsync<Member>(mentorId, ct);
            session.Store(new AuditEntry { ActorId = actor.Id, ActorName = actor.Name, Action = "matched mentee", SubjectId = menteeId, SubjectName = mentee?.Name ?? "", Details = $"mentor {mentorId}" });
            var link = $"/mentoring/mentorships/{started.Id}";
            if (menteeId != actor.Id) session.Insert(Notification.About(menteeId, NotificationKind.MentoringMatched, actor.Name, mentor?.Name ?? "", link, clock.GetUtcNow()));
            if (mentorId != actor.Id) session.Insert(Notification.About(mentorId, NotificationKind.MenteeMatched, actor.Name, mentee?.Name ?? "", link, clock.GetUtcNow()));
            return started;
        });
        if (result.Ok) await live.NotifyAsync([menteeId, mentorId]);
        return result;
    }

    private async Task<MentoringResult> StartAsync(IDocumentSession session, Guid mentorId, Guid menteeId, Guid? circleId, string goal, string topic,
        string language, string? matchedBy, CancellationToken ct)
    {
        if (mentorId == menteeId) return new(L["A mentor cannot mentor themselves."]);
        var profile = await session.LoadAsync<MentorProfile>(mentorId, ct);
        var mentor = await session.LoadAsync<Member>(mentorId, ct);
        var mentee = await session.LoadAsync<Member>(menteeId, ct);
        if (profile is null || mentor is null || !mentor.Has(Role.Mentor) || mentor.Suspended) return new(L["This person is not an active mentor."]);
        if (mentee is null || mentee.Suspended) return new(L["This member cannot be mentored now."]);
        if (profile.ActiveMentees >= profile.Capacity)
            return new(L["{0} already mentors {1} people, their full capacity. Ask them to raise it, or choose another mentor.", profile.Name, profile.Capacity]);
        if (await session.Query<Mentorship>().AnyAsync(m => m.MentorId == mentorId && m.MenteeId == menteeId && m.Status == MentorshipStatus.Active, ct))
            return new(L["{0} is already mentoring {1}.", profile.Name, mentee.Name]);

        var now = clock.GetUtcNow();
        Circle circle;
        if (circleId is Guid existing)
        {
            var found = await session.LoadAsync<Circle>(existing, ct);
            if (found is null || found.MentorId != mentorId) return new(L["This circle no longer exists."]);
            circle = found;
        }
        else
        {
            circle = new Circle { Name = L["Coaching circle of {0}", mentor.Name], MentorId = mentorId, MentorName = mentor.Name, CreatedAt = now };
            var slug = Circle.SlugFor(circle.Id);
            circle.SpaceId = $"spaces/{slug}";
            session.Insert(new Space
            {
                Id = circle.SpaceId, Slug = slug, Name = circle.Name, Visibility = SpaceVisibility.Private, CircleId = circle.Id, Order = 1000,
                Language = language, MemberIds = [mentorId], Summary = "",
            });
        }
        circle.MenteeIds.Add(menteeId);
        session.Store(circle); // optimistic concurrency: two acceptances into one circle retry, never lose a mentee
        session.Patch<Space>(circle.SpaceId).AppendIfNotExists(s => s.MemberIds, menteeId);
        profile.ActiveMentees++;
        session.Store(profile); // optimistic concurrency keeps capacity honest under concurrent acceptances
        var mentorship = new Mentorship
        {
            CircleId = circle.Id, MentorId = mentorId, MentorName = mentor.Name, MenteeId = menteeId, MenteeName = mentee.Name,
            Goal = goal, Topic = topic, Language = language, MatchedBy = matchedBy, StartedAt = now,
        };
        session.Insert(mentorship);
        logger.LogInformation("Mentorship {MentorshipId} started in circle {CircleId}", mentorship.Id, circle.Id);
        return new(null, mentorship.Id);
    }

    /// <summary>
    /// Ends a mentorship: by the mentee or mentor (with their feedback), or by an administrator. The mentee leaves the circle
    /// at once: its space's member list, their notifications about its threads, and their open live connections.
    /// </summary>
    public async Task<MentoringResult> EndAsync(ClaimsPrincipal user, Guid mentorshipId, string feedback, CancellationToken ct)
    {
        Guid menteeId = default;
        Circle? circle = null;
        List<Guid> threads = [];
        var result = await RetryAsync(ct, async session =>
        {
            var mentorship = await session.LoadAsync<Mentorship>(mentorshipId, ct);
            var me = user.MemberId();
            var admin = user.IsInRole(nameof(Role.Administrator));
            if (mentorship is null || (me != mentorship.MentorId && me != mentorship.MenteeId && !admin)) return new(L["This mentorship no longer exists."]);
            if (mentorship.Status == MentorshipStatus.Ended) return new(L["This mentorship has already ended."]);
            var actor = await session.LoadAsync<Member>(me ?? Guid.Empty, ct);
            if (actor is null) return new(L["Sign in again."]);
            var now = clock.GetUtcNow();
            mentorship.Status = MentorshipStatus.Ended;
            mentorship.EndedAt = now;
            mentorship.EndedByName = actor.Name;
            if (feedback.Length > 0)
            {
                if (me == mentorship.MentorId) mentorship.MentorFeedback = new(feedback, now);
                else if (me == mentorship.MenteeId) mentorship.MenteeFeedback = new(feedback, now);
            }
            session.Store(mentorship);
            circle = await session.LoadAsync<Circle>(mentorship.CircleId, ct);
            if (circle is not null)
            {
                circle.MenteeIds.Remove(mentorship.MenteeId);
                session.Store(circle);
                session.Patch<Space>(circle.SpaceId).Remove(s => s.MemberIds, mentorship.MenteeId, RemoveAction.RemoveAll);
                threads = [.. await session.Query<ForumThread>().Where(t => t.SpaceId == circle.SpaceId).Select(t => t.Id).ToListAsync(ct)];
                if (threads.Count > 0) session.DeleteWhere<Notification>(n => n.MemberId == mentorship.MenteeId && n.ThreadId.IsOneOf(threads.ToArray()));
                session.DeleteWhere<Notification>(n => n.MemberId == mentorship.MenteeId && n.SpaceId == circle.SpaceId); // its sessions
            }
            if (await session.LoadAsync<MentorProfile>(mentorship.MentorId, ct) is { } profile)
            {
                profile.ActiveMentees = Math.Max(0, profile.ActiveMentees - 1);
                session.Store(profile);
            }
            if (admin && me != mentorship.MentorId && me != mentorship.MenteeId)
                session.Store(new AuditEntry { ActorId = actor.Id, ActorName = actor.Name, Action = "ended mentorship of", SubjectId = mentorship.MenteeId, SubjectName = mentorship.MenteeName, Details = $"circle {mentorship.CircleId}" });
            menteeId = mentorship.MenteeId;
            return new(null, mentorship.Id);
        });
        if (result.Ok && circle is { } left) await RevokeAsync(menteeId, left, threads);
        return result;
    }

    /// <summary>Closes every open live connection the former mentee has into the circle's threads and thread list.</summary>
    private async Task RevokeAsync(Guid memberId, Circle circle, IReadOnlyCollection<Guid> circleThreads)
    {
        await live.RevokeSpaceAsync(memberId, circle.SpaceId, circleThreads);
        await live.NotifyAsync([memberId]); // their notification count may have dropped
    }

    /// <summary>The side that did not end the mentorship adds its feedback afterwards (once; it can be corrected by writing again).</summary>
    public async Task<MentoringResult> FeedbackAsync(ClaimsPrincipal user, Guid mentorshipId, string feedback, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var mentorship = await session.LoadAsync<Mentorship>(mentorshipId, ct);
        var me = user.MemberId();
        if (mentorship is null || (me != mentorship.MentorId && me != mentorship.MenteeId)) return new(L["This mentorship no longer exists."]);
        if (mentorship.Status != MentorshipStatus.Ended) return new(L["Feedback is given when the mentorship ends."]);
        if (feedback.Length == 0) return new(L["Please fill this in."]);
        var now = clock.GetUtcNow();
        if (me == mentorship.MentorId) mentorship.MentorFeedback = new(feedback, now);
        else mentorship.MenteeFeedback = new(feedback, now);
        session.Store(mentorship);
        await session.SaveChangesAsync(ct);
        return new(null, mentorship.Id);
    }

    /// <summary>An administrator opens a circle's coaching threads for safeguarding, for a limited time; the opening and its reason are audited.</summary>
    public async Task<MentoringResult> OpenForSafeguardingAsync(ClaimsPrincipal admin, Guid circleId, string reason, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var actor = await session.LoadAsync<Member>(admin.MemberId() ?? Guid.Empty, ct);
        var circle = await session.LoadAsync<Circle>(circleId, ct);
        if (actor is null || !actor.Has(Role.Administrator) || circle is null) return new(L["This circle no longer exists."]);
        if (reason.Length == 0) return new(L["Say why you open this circle: the reason is kept in the audit log."]);
        var until = clock.GetUtcNow().AddMinutes(options.Value.SafeguardingMinutes);
        session.Patch<Space>(circle.SpaceId).Append(s => s.Safeguarding, new SafeguardingOpening(actor.Id, until));
        session.Store(new AuditEntry
        {
            ActorId = actor.Id, ActorName = actor.Name, Action = "opened for safeguarding the coaching circle", SubjectId = circle.Id, SubjectName = circle.Name,
            Details = $"{reason} (until {until:yyyy-MM-dd HH:mm} UTC)",
        });
        await session.SaveChangesAsync(ct);
        expiry.Wake();
        logger.LogWarning("Circle {CircleId} opened for safeguarding by {MemberId}", circle.Id, actor.Id);
        return new(null, circle.Id);
    }

    /// <summary>Runs a change in one transaction, again on a concurrency conflict (two acceptances at once): nothing is lost, capacity holds.</summary>
    private async Task<MentoringResult> RetryAsync(CancellationToken ct, Func<IDocumentSession, Task<MentoringResult>> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var result = await change(session);
            if (!result.Ok) return result;
            try
            {
                await session.SaveChangesAsync(ct);
                return result;
            }
            catch (Exception e) when (WriteConflicts.IsConflict(e) && attempt < Attempts)
            {
            }
        }
    }
}
