namespace KnowledgeHub.Infrastructure;

/// <summary>Who this deployment is: the network's name, and the public address used in emails and certificates.</summary>
public sealed class SiteOptions
{
    public string Name { get; set; } = "KnowledgeHub";
    public string? PublicUrl { get; set; }
}
