using KnowledgeHub.Features.Members;
using KnowledgeHub.Features.Account;
using Marten;

namespace KnowledgeHub.Features.Admin;

public sealed record Actor(Guid? Id, string Name)
{
    public static readonly Actor CommandLine = new(null, "command line");
}

/// <summary>Role grants and suspensions, from the admin pages and the command line alike, each written to the audit log.</summary>
public sealed class MemberAdministration(IDocumentSession session, MemberChecks checks, ILogger<MemberAdministration> logger)
{
    public async Task SetRolesAsync(Member member, IEnumerable<Role> roles, Actor actor, CancellationToken ct)
    {
        var before = member.Roles.ToList();
        member.Roles = [Role.Member, .. roles.Where(r => r != Role.Member).Distinct().Order()];
        if (before.Order().SequenceEqual(member.Roles.Order())) return;
        session.Store(member);
        session.Store(Entry(actor, "set roles of", member, string.Join(", ", member.Roles)));
        await session.SaveChangesAsync(ct);
        checks.Forget(member.Id); // this node stops trusting what it remembered at once; others within the check interval
        logger.LogInformation("Roles of {MemberId} set to {Roles} by {Actor}", member.Id, member.Roles, actor.Name);
    }

    public async Task SuspendAsync(Member member, string reason, Actor actor, CancellationToken ct)
    {
        member.Suspended = true;
        member.SuspendedReason = reason;
        member.SuspendedAt = DateTimeOffset.UtcNow;
        member.SecurityStamp = Member.NewStamp(); // open sessions end at their next check
        session.Store(member);
        session.Store(Entry(actor, "suspended", member, reason));
        await session.SaveChangesAsync(ct);
        checks.Forget(member.Id); // this node stops trusting what it remembered at once; others within the check interval
        logger.LogInformation("Member {MemberId} suspended by {Actor}", member.Id, actor.Name);
    }

    public async Task ReinstateAsync(Member member, Actor actor, CancellationToken ct)
    {
        member.Suspended = false;
        member.SuspendedReason = null;
        member.SuspendedAt = null;
        session.Store(member);
        session.Store(Entry(actor, "reinstated", member, ""));
        await session.SaveChangesAsync(ct);
        checks.Forget(member.Id); // this node stops trusting what it remembered at once; others within the check interval
    }

    private static AuditEntry Entry(Actor actor, string action, Member subject, string details) => new()
    {
        ActorId = actor.Id, ActorName = actor.Name, Action = action, SubjectId = subject.Id, SubjectName = subject.Name, Details = details,
    };
}
