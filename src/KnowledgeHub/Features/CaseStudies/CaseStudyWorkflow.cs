using KnowledgeHub.Infrastructure.Postgres;
using System.Security.Claims;
using KnowledgeHub.Features.Account;
using KnowledgeHub.Features.Forum;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Features.Notifications;
using KnowledgeHub.Infrastructure;
using KnowledgeHub.Infrastructure.Text;
using Marten;
using Marten.Patching;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.CaseStudies;

public sealed record CaseStudyResult(IReadOnlyDictionary<string, string> Errors, CaseStudy? CaseStudy = null)
{
    public bool Ok => Errors.Count == 0 && !NotFound;
    public bool NotFound { get; init; }
    /// <summary>The submission failed its checks, but what was typed is stored as a draft.</summary>
    public bool SavedAsDraft { get; init; }

    public static CaseStudyResult Missing() => new(new Dictionary<string, string>()) { NotFound = true };
    public static CaseStudyResult Fail(string field, string message, CaseStudy? c = null) => new(new Dictionary<string, string> { [field] = message }, c);
}

/// <summary>
/// Every change to a case study: writing and submitting (a failed submit is kept as a draft), the review conversation,
/// approval (which publishes it and opens its discussion in the forum) and starting a discussion that does not exist yet.
/// Changes are checked against the version the person saw, so a review never acts on text it did not read.
/// </summary>
public sealed class CaseStudyWorkflow(IDocumentStore store, CaseStudyRules rules, PostWriter forum, IOptions<CaseStudyOptions> options,
    IOutputCacheStore pages, ForumNotifier live, TimeProvider clock, IStringLocalizer<SharedResource> L, ILogger<CaseStudyWorkflow> logger)
{
    public const string CacheTag = "case-studies";
    public const int MaxReviewNote = 4_000;

    public async Task<CaseStudyResult> SaveAsync(ClaimsPrincipal user, Guid? id, Guid? follows, CaseStudyInput input, bool submit, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var member = user.MemberId() is Guid mid ? await session.LoadAsync<Member>(mid, ct) : null;
        if (member is null || member.Suspended) return CaseStudyResult.Fail("", L["Sign in again to save."]);

        CaseStudy study;
        if (id is Guid existing)
        {
            var found = await session.LoadAsync<CaseStudy>(existing, ct);
            if (found is null || !CaseStudyAccess.CanRead(found, user)) return CaseStudyResult.Missing();
            if (!CaseStudyAccess.CanEdit(found, user)) return CaseStudyResult.Fail("", L["This case study is with a moderator or already published, so it cannot be changed here."], found);
            study = found;
        }
        else
        {
            study = new CaseStudy { Origin = CaseStudyOrigin.Submitted, Status = CaseStudyStatus.Draft, AuthorId = member.Id, AuthorName = member.Name, CreatedAt = clock.GetUtcNow() };
            if (follows is Guid original)
            {
                var followed = await session.LoadAsync<CaseStudy>(original, ct);
                if (followed is null || !followed.IsPublished) return CaseStudyResult.Missing();
                if (!CaseStudyAccess.CanFollowUp(followed, member))
                    return CaseStudyResult.Fail("", L["A follow-up comes from a member in another country than the case study's."]);
                study.FollowsId = original;
            }
        }

        var now = clock.GetUtcNow();
        Dictionary<string, string> errors = [];
        if (submit)
        {
            errors = rules.Apply(input, study);
            if (errors.Count == 0 && study.FollowsId is Guid f && await session.LoadAsync<CaseStudy>(f, ct) is { } followed && followed.Country == study.Country)
                errors[nameof(CaseStudyInput.Country)] = L["A follow-up tells how it went in another country: choose the country where you tried it."];
        }
        else if (CaseStudyRules.IsBlank(input)) return CaseStudyResult.Fail("", L["Write something first."], study);

        if (!submit || errors.Count > 0) rules.ApplyDraft(input, study);
        else
        {
            study.Status = CaseStudyStatus.UnderReview;
            study.SubmittedAt = now;
            study.Reviews.Add(new ReviewNote(ReviewAction.Submitted, member.Id, member.Name, "", now));
        }
        study.UpdatedAt = now;
        study.AuthorName = member.Name;
        if (id is null) session.Insert(study);
        else session.UpdateExpectedVersion(study, input.Version);
        try { await session.SaveChangesAsync(ct); }
        catch (Exception e) when (WriteConflicts.IsConflict(e))
        {
            return CaseStudyResult.Fail("", L["This case study was changed somewhere else while you were writing. Your text is kept below: check it and save again."], study);
        }
        logger.LogInformation("Case study {CaseStudyId} saved by {MemberId}: {Status}", study.Id, member.Id, study.Status);
        return new CaseStudyResult(errors, study) { SavedAsDraft = submit && errors.Count > 0 };
    }

    /// <summary>The author takes a submitted case study back to change it; it leaves the review queue.</summary>
    public async Task<CaseStudyResult> WithdrawAsync(ClaimsPrincipal user, Guid id, Guid version, CancellationToken ct) =>
        await ChangeAsync(user, id, version, ct, (study, member, now) =>
        {
            if (!CaseStudyAccess.IsAuthor(study, user) || study.Status != CaseStudyStatus.UnderReview)
                return L["Only its author can take back a case study that is waiting for review."];
            study.Status = CaseStudyStatus.Draft;
            return null;
        });

    /// <summary>The author throws away a case study that was never published.</summary>
    public async Task<CaseStudyResult> DeleteDraftAsync(ClaimsPrincipal user, Guid id, Guid version, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var study = await session.LoadAsync<CaseStudy>(id, ct);
        if (study is null || !CaseStudyAccess.CanRead(study, user)) return CaseStudyResult.Missing();
        if (!CaseStudyAccess.CanEdit(study, user)) return CaseStudyResult.Fail("", L["Only its author can delete a draft, and only before it is submitted."], study);
        if (study.Version != version)
            return CaseStudyResult.Fail("", L["The case study changed since you opened it. Read the current version, then try again; your note is kept below."], study);
        session.Delete(study);
        await session.SaveChangesAsync(ct);
        logger.LogInformation("Case study draft {CaseStudyId} deleted by its author", id);
        return new CaseStudyResult(new Dictionary<string, string>(), study);
    }

    public async Task<CaseStudyResult> ReviewAsync(ClaimsPrincipal user, Guid id, Guid version, ReviewAction action, string? note, CancellationToken ct)
    {
        if (TextRules.HasForbiddenCharacters(note, allowLineBreaks: true))
            return CaseStudyResult.Fail("Note", L["The text contains invisible or invalid characters (for example from a copy and paste). Remove them and try again."]);
        var text = (note ?? "").Trim();
        if (text.Length > MaxReviewNote) return CaseStudyResult.Fail("Note", L["Keep this under {0} characters (now {1}).", MaxReviewNote, text.Length]);
        if (action is ReviewAction.Comment or ReviewAction.ChangesRequested or ReviewAction.Unpublished && text.Length == 0)
            return CaseStudyResult.Fail("Note", action == ReviewAction.Comment ? L["Write your comment first."] : L["Say what should change, so the author knows what to do."]);

        var result = await ChangeAsync(user, id, version, ct, (study, member, now) =>
        {
            switch (action)
            {
                case ReviewAction.Comment when CaseStudyAccess.CanComment(study, user):
                    break;
                case ReviewAction.ChangesRequested when CaseStudyAccess.CanReview(study, user):
                    study.Status = CaseStudyStatus.ChangesRequested;
                    break;
                case ReviewAction.Approved when CaseStudyAccess.CanReview(study, user):
                    study.Status = CaseStudyStatus.Published;
                    study.PublishedAt = now;
                    break;
                case ReviewAction.Unpublished when CaseStudyAccess.CanUnpublish(study, user):
                    // Back to its author with the reason; out of the library and search at once. Its discussion thread stays.
                    study.Status = CaseStudyStatus.ChangesRequested;
                    break;
                default:
                    return CaseStudyAccess.IsAuthor(study, user) && action != ReviewAction.Comment
                        ? L["Another moderator reviews your own case study."]
                        : L["This case study is not waiting for that review any more."];
            }
            study.Reviews.Add(new ReviewNote(action, member.Id, member.Name, text, now));
            return null;
        }, (study, member, now) => ReviewNotification(study, member, action, now));
        if (result.Ok && result.CaseStudy!.AuthorId is Guid authorId && authorId != user.MemberId()) await live.NotifyAsync([authorId]);
        if (result.Ok && action == ReviewAction.Approved)
        {
            var study = result.CaseStudy!;
            logger.LogInformation("Case study {CaseStudyId} published by {MemberId}", study.Id, user.MemberId());
            await using var session = store.QuerySession();
            var author = study.AuthorId is Guid a ? await session.LoadAsync<Member>(a, ct) : null;
            // The author opens the discussion of their own work; if they cannot post now, the first reader who comments opens it.
            if (author is { Suspended: false }) await OpenDiscussionAsync(MemberSignIn.PrincipalFor(author), study, null, ct);
            await pages.EvictByTagAsync(CacheTag, ct);
        }
        if (result.Ok && action == ReviewAction.Unpublished)
        {
            logger.LogInformation("Case study {CaseStudyId} unpublished by {MemberId}", id, user.MemberId());
            await pages.EvictByTagAsync(CacheTag, ct);
        }
        return result;
    }

    /// <summary>A published case study without a live discussion thread gets one, opened by this member with their comment.</summary>
    public async Task<(Guid? ThreadId, IReadOnlyDictionary<string, string> Errors)> StartDiscussionAsync(ClaimsPrincipal user, Guid id, string? comment, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var study = await session.LoadAsync<CaseStudy>(id, ct);
        if (study is null || !study.IsPublished) return (null, new Dictionary<string, string> { [""] = L["This case study is not published."] });
        if (string.IsNullOrWhiteSpace(comment)) return (null, new Dictionary<string, string> { ["Body"] = L["Write your comment first."] });
        if (study.ThreadId is Guid existing && await session.LoadAsync<ForumThread>(existing, ct) is { Deleted: false } thread)
        {
            // The thread's own space: a moderator may have moved it since it was opened.
            var space = await session.LoadAsync<Space>(thread.SpaceId, ct);
            if (space is null) return (null, new Dictionary<string, string> { [""] = L["Discussions are not available at the moment."] });
            var reply = await forum.ReplyAsync(user, space, existing, comment, null, ct);
            return reply.Ok ? (existing, reply.Errors) : (null, reply.Errors);
        }
        var result = await OpenDiscussionAsync(user, study, comment, ct);
        await pages.EvictByTagAsync(CacheTag, ct);
        return result;
    }

    private async Task<(Guid? ThreadId, IReadOnlyDictionary<string, string> Errors)> OpenDiscussionAsync(ClaimsPrincipal starter, CaseStudy study, string? comment, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var space = await DiscussionSpaceAsync(session, ct);
        if (space is null)
        {
            logger.LogError("Case study discussions need the space {Space} (CaseStudies:DiscussionSpace)", options.Value.DiscussionSpace);
            return (null, new Dictionary<string, string> { [""] = L["Discussions are not available at the moment."] });
        }
        var intro = L["This is the discussion of the case study **[{0}]({1})** ({2}, {3}).", study.Title.Replace("]", "\\]"), $"/case-studies/{study.Id}",
            Countries.Name(study.Country), study.Organisation].Value;
        var markdown = intro + "\n\n> " + study.Summary + "\n\n" + (comment is null
            ? L["Ask a question about it, or tell how it went where you work. Tried it too? Add a follow-up on the case study's page."].Value
            : comment);
        var result = await forum.CreateThreadAsync(starter, space, study.Title, markdown, "case-study", ThreadKind.Discussion, ct, study.Language);
        if (!result.Ok)
        {
            logger.LogWarning("No discussion opened for case study {CaseStudyId}: {Errors}", study.Id, string.Join("; ", result.Errors.Values));
            return (null, result.Errors);
        }
        session.Patch<CaseStudy>(study.Id).Set(c => c.ThreadId, result.Thread!.Id);
        await session.SaveChangesAsync(ct);
        return (result.Thread.Id, result.Errors);
    }

    private Task<Space?> DiscussionSpaceAsync(IQuerySession session, CancellationToken ct) =>
        session.LoadAsync<Space>($"spaces/{options.Value.DiscussionSpace}", ct);

    /// <summary>The author hears of a moderator's comment, request for changes, approval or unpublishing; never of their own notes.</summary>
    private static Notification? ReviewNotification(CaseStudy study, Member reviewer, ReviewAction action, DateTimeOffset now)
    {
        if (study.AuthorId is not Guid author || author == reviewer.Id) return null;
        NotificationKind? kind = action switch
        {
            ReviewAction.Comment => NotificationKind.CaseStudyCommented,
            ReviewAction.ChangesRequested => NotificationKind.CaseStudyChangesRequested,
            ReviewAction.Approved => NotificationKind.CaseStudyApproved,
            ReviewAction.Unpublished => NotificationKind.CaseStudyUnpublished,
            _ => null,
        };
        return kind is { } k ? Notification.About(author, k, reviewer.Name, study.Title, $"/case-studies/{study.Id}", now) : null;
    }

    /// <summary>Loads, checks the version the person saw, applies one change (or returns why not) and saves it with what to tell whom.</summary>
    private async Task<CaseStudyResult> ChangeAsync(ClaimsPrincipal user, Guid id, Guid version, CancellationToken ct, Func<CaseStudy, Member, DateTimeOffset, string?> change,
        Func<CaseStudy, Member, DateTimeOffset, Notification?>? notify = null)
    {
        await using var session = store.LightweightSession();
        var member = user.MemberId() is Guid mid ? await session.LoadAsync<Member>(mid, ct) : null;
        var study = await session.LoadAsync<CaseStudy>(id, ct);
        if (study is null || member is null || !CaseStudyAccess.CanRead(study, user)) return CaseStudyResult.Missing();
        var now = clock.GetUtcNow();
        if (change(study, member, now) is { } refusal) return CaseStudyResult.Fail("", refusal, study);
        study.UpdatedAt = now;
        session.UpdateExpectedVersion(study, version);
        if (notify?.Invoke(study, member, now) is { } notification) session.Insert(notification);
        try { await session.SaveChangesAsync(ct); }
        catch (Exception e) when (WriteConflicts.IsConflict(e))
        {
            return CaseStudyResult.Fail("", L["The case study changed since you opened it. Read the current version, then try again; your note is kept below."], study);
        }
        return new CaseStudyResult(new Dictionary<string, string>(), study);
    }
}

public sealed class CaseStudyOptions
{
    /// <summary>The forum space (slug) where each published case study gets its discussion thread.</summary>
    public string DiscussionSpace { get; set; } = "peer-learning";
    public int PageSize { get; set; } = 20;
}
