namespace KnowledgeHub;

/// <summary>Marker for the one resource set every page translates through (Resources/SharedResource.*.resx).</summary>
public sealed class SharedResource;
