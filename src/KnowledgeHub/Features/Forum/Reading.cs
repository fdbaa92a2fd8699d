namespace KnowledgeHub.Features.Forum;

public enum WatchLevel { Normal, Following, Muted }

/// <summary>One member's state in one thread: how far they read, whether they follow, mute or bookmarked it.</summary>
public sealed class Reading
{
    public string Id { get; set; } = ""; // "<member>:<thread>"
    public Guid MemberId { get; set; }
    public Guid ThreadId { get; set; }
    public int LastReadNumber { get; set; }
    public WatchLevel Level { get; set; }
    public bool Bookmarked { get; set; }
    public DateTimeOffset? BookmarkedAt { get; set; }

    public static string IdFor(Guid member, Guid thread) => $"{member:N}:{thread:N}";

    /// <summary>A copy to change (what a page read may be shared between requests).</summary>
    public Reading Copy() => (Reading)MemberwiseClone();
}

/// <summary>One member's choice for a whole space: follow (hear of new threads) or mute (hide its threads from lists).</summary>
public sealed class SpaceWatch
{
    public string Id { get; set; } = ""; // "<member>:<space>"
    public Guid MemberId { get; set; }
    public string SpaceId { get; set; } = "";
    public WatchLevel Level { get; set; }

    public static string IdFor(Guid member, string space) => $"{member:N}:{space}";
}

/// <summary>Text being written, kept on the server as one types and whenever a submit fails.</summary>
public sealed class Draft
{
    public string Id { get; set; } = ""; // "<member>:<key>"
    public Guid MemberId { get; set; }
    public string Key { get; set; } = ""; // new:<space> | reply:<thread> | edit:<post>
    public string Title { get; set; } = "";
    public string Markdown { get; set; } = "";
    public string Tags { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }

    public static string IdFor(Guid member, string key) => $"{member:N}:{key}";
}
