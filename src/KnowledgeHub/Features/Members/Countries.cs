using System.Globalization;

namespace KnowledgeHub.Features.Members;

/// <summary>ISO 3166 countries known to the runtime, named in the reader's language.</summary>
public static class Countries
{
    private static readonly string[] Codes = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(c => { try { return new RegionInfo(c.Name).TwoLetterISORegionName; } catch (ArgumentException) { return null; } })
        .OfType<string>().Where(c => c.Length == 2 && c.All(char.IsAsciiLetterUpper)).Distinct().Order().ToArray();

    public static bool IsKnown(string? code) => code is not null && Codes.Contains(code);

    public static string Name(string code)
    {
        try { return new RegionInfo(code).DisplayName; }
        catch (ArgumentException) { return code; }
    }

    public static IEnumerable<(string Code, string Name)> All() =>
        Codes.Select(c => (c, Name(c))).OrderBy(c => c.Item2, StringComparer.Create(CultureInfo.CurrentUICulture, true));
}

/// <summary>Languages members can say they work in: the network's languages first.</summary>
public static class WorkingLanguages
{
    public static readonly (string Code, string Name)[] All =
    [
        ("en", "English"), ("ne", "नेपाली (Nepali)"), ("bn", "বাংলা (Bangla)"), ("dz", "རྫོང་ཁ (Dzongkha)"),
        ("mn", "Монгол (Mongolian)"), ("id", "Bahasa Indonesia"), ("km", "ខ្មែរ (Khmer)"), ("ur", "اردو (Urdu)"),
        ("hi", "हिन्दी (Hindi)"), ("th", "ไทย (Thai)"), ("lo", "ລາວ (Lao)"), ("my", "မြန်မာ (Myanmar)"),
        ("vi", "Tiếng Việt"), ("fil", "Filipino"), ("zh", "中文 (Chinese)"), ("fr", "Français"),
    ];

    public static bool IsKnown(string code) => All.Any(l => l.Code == code);

    public static string Name(string code) => All.FirstOrDefault(l => l.Code == code).Name ?? code;
}
