using System.Security.Claims;
using KnowledgeHub.Features.Forum;
using KnowledgeHub.Features.Members;

namespace KnowledgeHub.Features.CaseStudies;

/// <summary>
/// Who may see and do what with a case study. Published ones are public; a draft is its author's alone; once submitted,
/// moderators see it too. Every page and the search source ask here (search indexes published ones only).
/// </summary>
public static class CaseStudyAccess
{
    public static bool IsModerator(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && (user.IsInRole(nameof(Role.Moderator)) || user.IsInRole(nameof(Role.Administrator)));

    public static bool IsAuthor(CaseStudy c, ClaimsPrincipal user) => c.AuthorId is Guid a && user.MemberId() == a;

    public static bool CanRead(CaseStudy c, ClaimsPrincipal user) => c.Status switch
    {
        CaseStudyStatus.Published => true,
        CaseStudyStatus.Draft => IsAuthor(c, user),
        _ => IsAuthor(c, user) || IsModerator(user),
    };

    public static bool CanEdit(CaseStudy c, ClaimsPrincipal user) =>
        IsAuthor(c, user) && c.Status is CaseStudyStatus.Draft or CaseStudyStatus.ChangesRequested;

    /// <summary>Nobody approves their own work.</summary>
    public static bool CanReview(CaseStudy c, ClaimsPrincipal user) =>
        c.Status == CaseStudyStatus.UnderReview && IsModerator(user) && !IsAuthor(c, user);

    /// <summary>A moderator takes a published case study out of the library (a problem found after publication).</summary>
    public static bool CanUnpublish(CaseStudy c, ClaimsPrincipal user) => c.IsPublished && IsModerator(user);

    /// <summary>The review conversation runs while the case study is with a moderator or back with its author.</summary>
    public static bool CanComment(CaseStudy c, ClaimsPrincipal user) =>
        c.Status is CaseStudyStatus.UnderReview or CaseStudyStatus.ChangesRequested && (IsAuthor(c, user) || IsModerator(user));

    /// <summary>Members from another country than the case study's add "we tried this too".</summary>
    public static bool CanFollowUp(CaseStudy c, Member? member) =>
        c.IsPublished && member is not null && !member.Suspended && member.Country != c.Country;
}
