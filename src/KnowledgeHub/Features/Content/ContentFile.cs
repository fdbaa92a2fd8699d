using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace KnowledgeHub.Features.Content;

public sealed class ContentException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}

/// <summary>A Markdown file with YAML front matter between two `---` lines at the top.</summary>
public sealed record ContentFile(string RelativePath, string FrontMatter, string Body, int BodyStartLine)
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(HyphenatedNamingConvention.Instance)
        .Build();

    public static ContentFile Parse(string relativePath, string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != "---") throw new ContentException(1, "The file must start with front matter: a line '---', YAML, then '---'.");
        var end = Array.FindIndex(lines, 1, l => l.Trim() == "---");
        if (end < 0) throw new ContentException(1, "The front matter is not closed: add a line '---' after it.");
        return new ContentFile(relativePath, string.Join('\n', lines[1..end]), string.Join('\n', lines[(end + 1)..]), end + 2);
    }

    /// <summary>Reads the front matter into T; unknown keys and bad YAML are errors that name the line in the file.</summary>
    public T Read<T>() where T : new()
    {
        try
        {
            return Yaml.Deserialize<T>(FrontMatter) ?? new T();
        }
        catch (YamlException e)
        {
            var detail = e.InnerException?.Message ?? e.Message;
            throw new ContentException((int)e.Start.Line + 1, $"Front matter: {detail}");
        }
    }

    public static string Required(string? value, string key) =>
        string.IsNullOrWhiteSpace(value) ? throw new ContentException(1, $"Front matter needs '{key}'.") : value.Trim();
}
