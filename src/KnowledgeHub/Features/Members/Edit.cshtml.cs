using System.Security.Claims;
using KnowledgeHub.Features.Account;
using KnowledgeHub.Features.Organisations;
using Marten;
using JasperFx;
using Marten.Exceptions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KnowledgeHub.Features.Members;

[Authorize]
public sealed class EditModel(IDocumentSession session, MemberSignIn signIn, IStringLocalizer<SharedResource> L, ILogger<EditModel> logger) : PageModel
{
    [BindProperty] public EditInput Input { get; set; } = new();

    public sealed class EditInput : ProfileInput
    {
        /// <summary>The version the form was loaded from: a save over someone else's newer change is refused, not lost.</summary>
        public Guid Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var member = await LoadMemberAsync(ct);
        if (member is null) return Challenge();
        var input = ProfileInput.From(member);
        Input = new EditInput
        {
            Name = input.Name, Organisation = input.Organisation, Sector = input.Sector, Country = input.Country, Level = input.Level,
            Languages = input.Languages, Expertise = input.Expertise, Bio = input.Bio, Version = member.Version,
        };
        await LoadOrganisationNamesAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var member = await LoadMemberAsync(ct);
        if (member is null) return Challenge();
        var profile = ProfileRules.Validate(Input, nameof(Input), ModelState, L);
        if (profile is null) return await RedisplayAsync(ct);

        if (profile.Organisation != member.OrganisationName || profile.Country != member.Country)
        {
            var organisation = await OrganisationDirectory.FindOrAddAsync(session, profile.Organisation, profile.Sector, profile.Country, profile.Level, ct);
            member.OrganisationId = organisation.Id;
            member.OrganisationName = organisation.Name;
        }
        ProfileRules.Apply(profile, member);
        session.UpdateExpectedVersion(member, Input.Version);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (ConcurrencyException)
        {
            logger.LogInformation("Profile edit conflict for member {MemberId}", member.Id);
            ModelState.AddModelError("", L["Your profile was changed somewhere else while you were editing. Your text is kept below: check it and save again."]);
            var fresh = await LoadMemberAsync(ct);
            Input.Version = fresh?.Version ?? Input.Version;
            return await RedisplayAsync(ct);
        }
        await signIn.SignInAsync(member); // the cookie carries the name shown in the header
        TempData["Notice"] = L["Your profile is saved."].Value;
        return Redirect("/members/me");
    }

    private async Task<Member?> LoadMemberAsync(CancellationToken ct) =>
        Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? await session.LoadAsync<Member>(id, ct) : null;

    private async Task<IActionResult> RedisplayAsync(CancellationToken ct)
    {
        await LoadOrganisationNamesAsync(ct);
        return Page();
    }

    private async Task LoadOrganisationNamesAsync(CancellationToken ct) =>
        ViewData["OrganisationNames"] = await session.Query<Organisation>().OrderBy(o => o.Name).Select(o => o.Name).Take(500).ToListAsync(ct);
}
