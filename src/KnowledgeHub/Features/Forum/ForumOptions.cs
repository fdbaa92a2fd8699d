namespace KnowledgeHub.Features.Forum;

public sealed class ForumOptions
{
    public int PostsPerPage { get; set; } = 20;
    public int ThreadsPerPage { get; set; } = 30;
    public int MaxPostLength { get; set; } = 32_000;
    public int MaxTitleLength { get; set; } = 200;
    public int MaxTags { get; set; } = 5;
    public int MaxTagLength { get; set; } = 30;
    /// <summary>Open flags that hide a post until a moderator reviews it.</summary>
    public int FlagsToHide { get; set; } = 3;
    /// <summary>Members newer than this many days may post only <see cref="NewMemberPostsPerHour"/> times an hour.</summary>
    public int NewMemberDays { get; set; } = 3;
    public int NewMemberPostsPerHour { get; set; } = 10;
}

/// <summary>The fixed set of reactions, with their symbols.</summary>
public static class Reactions
{
    /// <summary>Each reaction and its emoji (written into pages as it is: a fixed string of our own, nothing to encode).</summary>
    public static readonly (string Key, string Symbol)[] All = [("like", "👍"), ("thanks", "🙏"), ("insightful", "💡"), ("agree", "✅")];
    public static bool IsKnown(string? key) => All.Any(r => r.Key == key);
}
