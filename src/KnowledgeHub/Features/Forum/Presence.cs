namespace KnowledgeHub.Features.Forum;

/// <summary>
/// Who is connected to which thread on this node: the "N reading" count, and the connections to drop when a member
/// loses access. Per node: with several nodes each counts its own readers (see README, scale-out).
/// </summary>
public sealed class Presence
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Connection> connections = [];
    private readonly Dictionary<Guid, int> readers = [];

    private sealed class Connection(Guid? member)
    {
        public Guid? Member { get; } = member;
        public HashSet<Guid> Threads { get; } = [];
        public HashSet<string> Spaces { get; } = [];
    }

    public int Join(string connectionId, Guid threadId, Guid? member)
    {
        lock (gate)
        {
            if (!connections.TryGetValue(connectionId, out var c)) connections[connectionId] = c = new Connection(member);
            if (c.Threads.Add(threadId)) readers[threadId] = readers.GetValueOrDefault(threadId) + 1;
            return readers[threadId];
        }
    }

    public void Watch(string connectionId, string spaceId)
    {
        lock (gate)
        {
            if (!connections.TryGetValue(connectionId, out var c)) connections[connectionId] = c = new Connection(null);
            c.Spaces.Add(spaceId);
        }
    }

    public bool IsIn(string connectionId, Guid threadId)
    {
        lock (gate) return connections.TryGetValue(connectionId, out var c) && c.Threads.Contains(threadId);
    }

    public int? Leave(string connectionId, Guid threadId)
    {
        lock (gate)
        {
            if (!connections.TryGetValue(connectionId, out var c) || !c.Threads.Remove(threadId)) return null;
            return Decrement(threadId);
        }
    }

    public IReadOnlyList<(Guid Thread, int Readers)> Disconnect(string connectionId)
    {
        lock (gate)
        {
            if (!connections.Remove(connectionId, out var c)) return [];
            return c.Threads.Select(t => (t, Decrement(t))).ToList();
        }
    }

    /// <summary>Connections of one member, with the threads and spaces they joined.</summary>
    public IReadOnlyList<(string ConnectionId, Guid[] Threads, string[] Spaces)> Of(Guid member)
    {
        lock (gate) return connections.Where(c => c.Value.Member == member).Select(c => (c.Key, c.Value.Threads.ToArray(), c.Value.Spaces.ToArray())).ToList();
    }

    private int Decrement(Guid threadId)
    {
        var left = readers.GetValueOrDefault(threadId) - 1;
        if (left <= 0) readers.Remove(threadId); else readers[threadId] = left;
        return Math.Max(left, 0);
    }
}
