using KnowledgeHub.Features.Forum;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Infrastructure.Postgres;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KnowledgeHub.Features.Mentoring;

/// <summary>A mentor's own profile: expertise, sectors, languages, availability and capacity. Needs the Mentor role (granted by administrators).</summary>
[Authorize(Roles = nameof(Role.Mentor))]
public sealed class EditProfileModel(IDocumentSession session, MentoringText text, TimeProvider clock, IStringLocalizer<SharedResource> L) : PageModel
{
    public const int CapacityMax = 20;

    [BindProperty] public string? Headline { get; set; }
    [BindProperty] public string? About { get; set; }
    [BindProperty] public string? Expertise { get; set; }
    [BindProperty] public List<Sector> Sectors { get; set; } = [];
    [BindProperty] public List<string> Languages { get; set; } = [];
    [BindProperty] public string? Availability { get; set; }
    [BindProperty] public int? Capacity { get; set; }
    [BindProperty] public bool Accepting { get; set; } // an unchecked box sends nothing, so the default must be "no"
    /// <summary>The version the form was loaded at: a save over someone else's newer one is refused, not silently merged.</summary>
    [BindProperty] public Guid Version { get; set; }
    public bool IsNew { get; private set; }
    public int ActiveMentees { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var me = await MeAsync(ct);
        if (me is null) return Challenge();
        var profile = await session.LoadAsync<MentorProfile>(me.Id, ct);
        IsNew = profile is null;
        profile ??= new MentorProfile { Expertise = me.Expertise, Sectors = [me.Sector], Languages = me.Languages.Where(l => PostText.ContentLanguages.Any(c => c.Tag == l)).ToList() };
        (Headline, About, Expertise, Sectors, Languages, Availability, Capacity, Accepting, Version, ActiveMentees) =
            (profile.Headline, profile.About, string.Join(", ", profile.Expertise), profile.Sectors, profile.Languages, profile.Availability, profile.Capacity,
                profile.Accepting, profile.Version, profile.ActiveMentees);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var me = await MeAsync(ct);
        if (me is null) return Challenge();
        var profile = await session.LoadAsync<MentorProfile>(me.Id, ct);
        IsNew = profile is null;
        ActiveMentees = profile?.ActiveMentees ?? 0;
        var (headline, e1) = text.Line(Headline, 150, required: true);
        var (about, e2) = text.Paragraphs(About, 2000, required: false);
        var (expertise, e3) = text.List(Expertise, 10);
        var (availability, e4) = text.Paragraphs(Availability, 300, required: true);
        Error(nameof(Headline), e1);
        Error(nameof(About), e2);
        Error(nameof(Expertise), e3 ?? (expertise.Count == 0 ? L["Name at least one area, for example: parenting programmes"].Value : null));
        Error(nameof(Availability), e4);
        var sectors = Sectors.Where(Enum.IsDefined).Distinct().ToList();
        Error(nameof(Sectors), sectors.Count == 0 ? L["Choose at least one sector."].Value : null);
        var languages = Languages.Where(l => PostText.ContentLanguages.Any(c => c.Tag == l)).Distinct().ToList();
        Error(nameof(Languages), languages.Count == 0 ? L["Choose at least one language you mentor in."].Value : null);
        Error(nameof(Capacity), Capacity is null or < 1 or > CapacityMax ? L["Take between 1 and {0} mentees.", CapacityMax].Value : null);
        if (profile is not null && profile.Version != Version)
            ModelState.AddModelError("", L["This profile changed since you opened it. Your text is kept below; check it and save again."]);
        if (!ModelState.IsValid)
        {
            if (profile is not null) Version = profile.Version;
            return Page();
        }

        profile ??= new MentorProfile { Id = me.Id };
        (profile.Name, profile.Handle, profile.Country, profile.Headline, profile.About, profile.Expertise, profile.Sectors, profile.Languages,
            profile.Availability, profile.Capacity, profile.Accepting, profile.UpdatedAt) =
            (me.Name, me.Handle, me.Country, headline, about, expertise, sectors, languages, availability, Capacity!.Value, Accepting, clock.GetUtcNow());
        session.Store(profile);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (WriteConflicts.IsConflict(e))
        {
            ModelState.AddModelError("", L["This profile changed since you opened it. Your text is kept below; check it and save again."]);
            return Page();
        }
        TempData["Notice"] = L["Your mentor profile is saved."].Value;
        return Redirect($"/mentoring/mentors/{me.Id}");
    }

    private void Error(string field, string? message)
    {
        if (message is not null) ModelState.AddModelError(field, message);
    }

    private async Task<Member?> MeAsync(CancellationToken ct) => await session.LoadAsync<Member>(User.MemberId() ?? Guid.Empty, ct);
}
