namespace KnowledgeHub.Infrastructure;

/// <summary>
/// Resolves relative folders (content/, themes/, .data/) against the repository root when the app runs from a
/// checkout, and against the app's content root when it runs published (as in the container image).
/// </summary>
public static class AppPaths
{
    public static string Resolve(string path, string contentRoot)
    {
        if (Path.IsPathRooted(path)) return path;
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KnowledgeHub.sln")))
                return Path.GetFullPath(Path.Combine(dir.FullName, path));
        return Path.GetFullPath(Path.Combine(contentRoot, path));
    }
}
