using KnowledgeHub.Features.Forum;
using KnowledgeHub.Features.Members;
using Marten;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.Mentoring;

/// <summary>Mentoring at a glance: for a visitor what it is; for a member their requests, mentorships and circles, as mentee and as mentor.</summary>
public sealed class IndexModel(IQuerySession session, IOptions<MentoringOptions> options) : PageModel
{
    public IReadOnlyList<MentoringRequest> Sent { get; private set; } = [];
    public IReadOnlyList<MentoringRequest> Received { get; private set; } = [];
    public IReadOnlyList<Mentorship> AsMentee { get; private set; } = [];
    public IReadOnlyList<Mentorship> AsMentor { get; private set; } = [];
    public IReadOnlyList<Circle> Circles { get; private set; } = [];
    public MentorProfile? Profile { get; private set; }
    public bool IsMentor => User.IsInRole(nameof(Role.Mentor));
    public string OfficeHoursSpace => options.Value.OfficeHoursSpace;

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (User.MemberId() is not Guid me) return;
        Sent = await session.Query<MentoringRequest>().Where(r => r.MenteeId == me).OrderByDescending(r => r.CreatedAt).Take(20).ToListAsync(ct);
        AsMentee = await session.Query<Mentorship>().Where(m => m.MenteeId == me).OrderByDescending(m => m.StartedAt).Take(20).ToListAsync(ct);
        var circleIds = AsMentee.Where(m => m.Status == MentorshipStatus.Active).Select(m => m.CircleId).ToList();
        if (IsMentor)
        {
            Profile = await session.LoadAsync<MentorProfile>(me, ct);
            Received = await session.Query<MentoringRequest>().Where(r => r.MentorId == me && r.Status == RequestStatus.Pending).OrderBy(r => r.CreatedAt).ToListAsync(ct);
            AsMentor = await session.Query<Mentorship>().Where(m => m.MentorId == me).OrderByDescending(m => m.StartedAt).Take(50).ToListAsync(ct);
            circleIds.AddRange(await session.Query<Circle>().Where(c => c.MentorId == me).Select(c => c.Id).ToListAsync(ct));
        }
        Circles = (await session.LoadManyAsync<Circle>(ct, circleIds.Distinct().ToArray())).OrderBy(c => c.CreatedAt).ToList();
    }
}
