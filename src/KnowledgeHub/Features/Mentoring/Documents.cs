using KnowledgeHub.Features.Members;
using Marten.Schema;

namespace KnowledgeHub.Features.Mentoring;

/// <summary>A mentor's public profile; its id is the member's. Only members with the Mentor role publish one.</summary>
[UseOptimisticConcurrency]
public sealed class MentorProfile
{
    public Guid Id { get; set; }
    [Version] public Guid Version { get; set; }
    public string Name { get; set; } = "";
    public string Handle { get; set; } = "";
    public string Country { get; set; } = "";
    public string Headline { get; set; } = "";
    public string About { get; set; } = "";
    public List<string> Expertise { get; set; } = [];
    public List<Sector> Sectors { get; set; } = [];
    public List<string> Languages { get; set; } = [];
    /// <summary>In the mentor's words: how often, when, in which time zone.</summary>
    public string Availability { get; set; } = "";
    /// <summary>How many mentees at a time, across all their circles.</summary>
    public int Capacity { get; set; } = 2;
    public int ActiveMentees { get; set; }
    /// <summary>A mentor can pause new requests without losing the profile.</summary>
    public bool Accepting { get; set; } = true;
    public DateTimeOffset UpdatedAt { get; set; }

    public bool HasRoom => Accepting && ActiveMentees < Capacity;
}

public enum RequestStatus { Pending, Accepted, Declined, Withdrawn }

/// <summary>A member asks a mentor for mentoring; the mentor accepts (into a circle) or declines.</summary>
public sealed class MentoringRequest
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid MenteeId { get; set; }
    public string MenteeName { get; set; } = "";
    public Guid MentorId { get; set; }
    public string MentorName { get; set; } = "";
    public string Goal { get; set; } = "";
    public string Topic { get; set; } = "";
    public string Language { get; set; } = "en";
    public RequestStatus Status { get; set; }
    public string Response { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public Guid? MentorshipId { get; set; }
}

/// <summary>
/// A mentor with one or more mentees. Its coaching threads live in its own private forum space, whose member list is
/// exactly the mentor and the active mentees, so pages, API, live hub and search all apply the same rule.
/// </summary>
[UseOptimisticConcurrency]
public sealed class Circle
{
    public Guid Id { get; set; } = Guid.NewGuid();
    [Version] public Guid Version { get; set; }
    public string Name { get; set; } = "";
    public Guid MentorId { get; set; }
    public string MentorName { get; set; } = "";
    public string SpaceId { get; set; } = "";
    public List<Guid> MenteeIds { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }

    public static string SlugFor(Guid id) => $"circle-{id:N}";
}

public enum MentorshipStatus { Active, Ended }

public sealed record Feedback(string Text, DateTimeOffset At);

/// <summary>One mentee's mentorship within a circle: from acceptance (or an administrator's match) to its end, with feedback from both sides.</summary>
public sealed class Mentorship
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid CircleId { get; set; }
    public Guid MentorId { get; set; }
    public string MentorName { get; set; } = "";
    public Guid MenteeId { get; set; }
    public string MenteeName { get; set; } = "";
    public string Goal { get; set; } = "";
    public string Topic { get; set; } = "";
    public string Language { get; set; } = "en";
    public string? MatchedBy { get; set; }
    public MentorshipStatus Status { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string EndedByName { get; set; } = "";
    public Feedback? MentorFeedback { get; set; }
    public Feedback? MenteeFeedback { get; set; }
}

/// <summary>A meeting of a circle: when, where, the agenda beforehand and the notes afterwards (Markdown, rendered once).</summary>
[UseOptimisticConcurrency]
public sealed class CoachingSession
{
    public Guid Id { get; set; } = Guid.NewGuid();
    [Version] public Guid Version { get; set; }
    public Guid CircleId { get; set; }
    public string Title { get; set; } = "";
    public DateTimeOffset StartsAt { get; set; }
    public int Minutes { get; set; } = 60;
    public string Place { get; set; } = "";
    public string AgendaMarkdown { get; set; } = "";
    public string AgendaHtml { get; set; } = "";
    public string NotesMarkdown { get; set; } = "";
    public string NotesHtml { get; set; } = "";
    public bool Cancelled { get; set; }
    public string UpdatedByName { get; set; } = "";
}

public enum GoalStatus { Open, Achieved, Dropped }

public sealed record ProgressNote(DateTimeOffset At, Guid AuthorId, string AuthorName, string Text);

/// <summary>A mentee's goal within a mentorship, with dated progress notes by mentee and mentor.</summary>
public sealed class MenteeGoal
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid MentorshipId { get; set; }
    public string Title { get; set; } = "";
    public GoalStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<ProgressNote> Notes { get; set; } = [];
}
