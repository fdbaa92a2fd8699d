using KnowledgeHub.Infrastructure.Text;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace KnowledgeHub.Features.Members;

/// <summary>The profile fields shared by sign-up and profile edit. Plain strings: every check and message is ours.</summary>
public class ProfileInput
{
    public string? Name { get; set; }
    public string? Organisation { get; set; }
    public string? Sector { get; set; }
    public string? Country { get; set; }
    public string? Level { get; set; }
    public List<string> Languages { get; set; } = [];
    public string? Expertise { get; set; }
    public string? Bio { get; set; }

    public static ProfileInput From(Member m) => new()
    {
        Name = m.Name, Organisation = m.OrganisationName, Sector = m.Sector.ToString(), Country = m.Country, Level = m.Level.ToString(),
        Languages = [.. m.Languages], Expertise = string.Join(", ", m.Expertise), Bio = m.Bio,
    };
}

public sealed record Profile(string Name, string Organisation, Sector Sector, string Country, Level Level,
    List<string> Languages, List<string> Expertise, string Bio);

public static class ProfileRules
{
    public const int NameMax = 100, OrganisationMax = 150, BioMax = 2000, TagMax = 40, TagsMax = 10;

    /// <summary>Checks every field, puts a message beside each bad one, and returns the cleaned profile when all are good.</summary>
    public static Profile? Validate(ProfileInput input, string prefix, ModelStateDictionary state, IStringLocalizer L)
    {
        var ok = true;
        void Error(string field, string message) { state.AddModelError($"{prefix}.{field}", message); ok = false; }

        var name = Text(input.Name, nameof(input.Name), NameMax, required: true, multiline: false);
        var organisation = Text(input.Organisation, nameof(input.Organisation), OrganisationMax, required: true, multiline: false);
        var bio = Text(input.Bio, nameof(input.Bio), BioMax, required: false, multiline: true);

        if (!Enum.TryParse<Sector>(input.Sector, out var sector) || !Enum.IsDefined(sector)) Error(nameof(input.Sector), L["Choose a sector."]);
        if (!Enum.TryParse<Level>(input.Level, out var level) || !Enum.IsDefined(level)) Error(nameof(input.Level), L["Choose a level."]);
        var country = (input.Country ?? "").Trim().ToUpperInvariant();
        if (!Countries.IsKnown(country)) Error(nameof(input.Country), L["Choose a country from the list."]);

        var languages = input.Languages.Where(l => !string.IsNullOrEmpty(l)).Distinct().ToList();
        if (languages.Count == 0) Error(nameof(input.Languages), L["Choose at least one language you work in."]);
        else if (languages.Any(l => !WorkingLanguages.IsKnown(l))) Error(nameof(input.Languages), L["Choose languages from the list."]);

        var expertiseText = Text(input.Expertise, nameof(input.Expertise), TagsMax * (TagMax + 2), required: false, multiline: false);
        var tags = expertiseText.Split([',', '،', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => t.ToLowerInvariant()).Distinct().ToList();
        if (tags.Count > TagsMax) Error(nameof(input.Expertise), L["Use at most {0} expertise tags.", TagsMax]);
        else if (tags.Any(t => TextRules.VisibleLength(t) > TagMax)) Error(nameof(input.Expertise), L["Keep each tag under {0} characters.", TagMax]);

        return ok ? new Profile(name, organisation, sector, country, level, languages, tags, bio) : null;

        string Text(string? value, string field, int max, bool required, bool multiline)
        {
            if (TextRules.HasForbiddenCharacters(value, allowLineBreaks: multiline))
            {
                Error(field, L["This contains invisible or invalid characters. Please retype it."]);
                return "";
            }
            var clean = TextRules.Clean(value);
            if (required && clean.Length == 0) Error(field, L["This field is required."]);
            else if (TextRules.VisibleLength(clean) > max) Error(field, L["Keep this under {0} characters (now {1}).", max, TextRules.VisibleLength(clean)]);
            return clean;
        }
    }

    public static void Apply(Profile profile, Member member)
    {
        member.Name = profile.Name;
        member.Sector = profile.Sector;
        member.Country = profile.Country;
        member.Level = profile.Level;
        member.Languages = profile.Languages;
        member.Expertise = profile.Expertise;
        member.Bio = profile.Bio;
    }
}
