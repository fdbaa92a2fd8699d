using Marten.Schema;

namespace KnowledgeHub.Features.Forum;

public enum ThreadKind { Discussion, Question, Announcement }

/// <summary>A thread: its title and counters. Its opening post is post number 1.</summary>
[UseOptimisticConcurrency]
public sealed class ForumThread
{
    public Guid Id { get; set; } = Guid.NewGuid();
    [Version] public Guid Version { get; set; }
    public string SpaceId { get; set; } = "";
    public string Title { get; set; } = "";
    public ThreadKind Kind { get; set; }
    public List<string> Tags { get; set; } = [];
    /// <summary>The language it is written in (a BCP 47 tag): search analyses it with that language's rules.</summary>
    public string Language { get; set; } = "en";
    public Guid AuthorId { get; set; }
    public string AuthorName { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastActivityAt { get; set; }
    public string LastPosterName { get; set; } = "";
    /// <summary>Highest post number given out; numbers are never reused, so permalinks stay stable.</summary>
    public int PostCount { get; set; }
    /// <summary>Live-update sequence: every visible change to the thread takes the next number.</summary>
    public long EventSeq { get; set; }
    public bool Pinned { get; set; }
    public bool Locked { get; set; }
    public bool Deleted { get; set; }
    public string? DeletedReason { get; set; }
    public int? AcceptedPostNumber { get; set; }

    /// <summary>Takes the next event number for a visible change; the event is stored in the same transaction.</summary>
    public ThreadEvent NextEvent(string kind, int postNumber, DateTimeOffset at)
    {
        EventSeq++;
        return new ThreadEvent { Id = ThreadEvent.IdFor(Id, EventSeq), ThreadId = Id, Seq = EventSeq, Kind = kind, PostNumber = postNumber, At = at };
    }
}

public sealed record Revision(int Number, string Markdown, string Html, DateTimeOffset At, Guid EditorId, string EditorName);

/// <summary>A post: the Markdown as written and the HTML rendered and sanitized once, when it was written.</summary>
public sealed class Post
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ThreadId { get; set; }
    public string SpaceId { get; set; } = "";
    public int Number { get; set; }
    public Guid AuthorId { get; set; }
    public string AuthorName { get; set; } = "";
    public string AuthorHandle { get; set; } = "";
    public string Markdown { get; set; } = "";
    public string Html { get; set; } = "";
    public int? ReplyToNumber { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? EditedAt { get; set; }
    /// <summary>Earlier versions, oldest first; readers can open them.</summary>
    public List<Revision> Revisions { get; set; } = [];
    public bool Deleted { get; set; }
    public string? DeletedByName { get; set; }
    public string? DeletedReason { get; set; }
    public Dictionary<string, List<Guid>> Reactions { get; set; } = [];
    public int OpenFlags { get; set; }
    /// <summary>Hidden after enough flags, until a moderator reviews it.</summary>
    public bool Hidden { get; set; }
}

/// <summary>One step in a thread's live history, so a reader who reconnects gets exactly what was missed.</summary>
public sealed class ThreadEvent
{
    public string Id { get; set; } = ""; // "<thread>:<seq>"
    public Guid ThreadId { get; set; }
    public long Seq { get; set; }
    public string Kind { get; set; } = ""; // post, edit, delete, react, accept, thread
    public int PostNumber { get; set; }
    public DateTimeOffset At { get; set; }

    public static string IdFor(Guid thread, long seq) => $"{thread:N}:{seq}";
}
