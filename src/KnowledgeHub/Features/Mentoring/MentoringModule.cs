using KnowledgeHub.Infrastructure.Markdown;
using Marten;

namespace KnowledgeHub.Features.Mentoring;

public sealed class MentoringOptions
{
    /// <summary>How long an administrator's safeguarding opening of a circle lasts.</summary>
    public int SafeguardingMinutes { get; set; } = 60;
    /// <summary>Pending requests a member may have at once (they wait on busy people).</summary>
    public int PendingRequestsMax { get; set; } = 3;
    /// <summary>The public forum space where mentors host office hours.</summary>
    public string OfficeHoursSpace { get; set; } = "office-hours";
    /// <summary>How often each node looks for safeguarding openings made on other nodes, to close live connections when they end.</summary>
    public int SafeguardingCheckSeconds { get; set; } = 60;
}

public static class MentoringModule
{
    public static IServiceCollection AddMentoring(this IServiceCollection services)
    {
        services.AddOptions<MentoringOptions>().BindConfiguration("Mentoring").ValidateOnStart();
        services.AddScoped<Mentorships>();
        services.AddScoped<MentoringText>();
        services.AddSingleton<SafeguardingExpiry>();
        services.AddHostedService(sp => sp.GetRequiredService<SafeguardingExpiry>());
        services.ConfigureMarten(o =>
        {
            o.Schema.For<MentorProfile>();
            o.Schema.For<MentoringRequest>().Index(r => r.MentorId).Index(r => r.MenteeId);
            o.Schema.For<Circle>().Index(c => c.MentorId);
            o.Schema.For<Mentorship>().Index(m => m.CircleId).Index(m => m.MenteeId).Index(m => m.MentorId);
            o.Schema.For<CoachingSession>().Index(s => s.CircleId);
            o.Schema.For<MenteeGoal>().Index(g => g.MentorshipId);
        });
        return services;
    }
}

/// <summary>Who may see a circle: exactly who may read its forum space (mentor, active mentees, an administrator during a safeguarding opening).</summary>
public static class CircleAccess
{
    public static async Task<(Circle Circle, KnowledgeHub.Features.Forum.Space Space)?> ReadableCircleAsync(this IQuerySession session, Guid id,
        System.Security.Claims.ClaimsPrincipal user, CancellationToken ct)
    {
        var circle = await session.LoadAsync<Circle>(id, ct);
        if (circle is null) return null;
        var space = await session.LoadAsync<KnowledgeHub.Features.Forum.Space>(circle.SpaceId, ct);
        return space is not null && KnowledgeHub.Features.Forum.ForumAccess.CanRead(space, user) ? (circle, space) : null;
    }
}
