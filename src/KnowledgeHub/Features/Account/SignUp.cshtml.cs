using KnowledgeHub.Features.Members;
using KnowledgeHub.Features.Organisations;
using Marten;
using Marten.Exceptions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.Account;

[EnableRateLimiting(AccountModule.RateLimitPolicy)]
public sealed class SignUpModel(IDocumentSession session, IPasswordHasher<Member> hasher, AccountEmails emails,
    IOptions<AccountOptions> options, IStringLocalizer<SharedResource> L, ILogger<SignUpModel> logger) : PageModel
{
    [BindProperty] public SignUpInput Input { get; set; } = new();

    public sealed class SignUpInput : ProfileInput
    {
        public string? Email { get; set; }
        public string? Password { get; set; }
        public string? ConfirmPassword { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadOrganisationNamesAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear(); // our own checks below say everything, in the reader's language
        var profile = ProfileRules.Validate(Input, nameof(Input), ModelState, L);
        var email = Input.Email?.Trim() ?? "";
        if (EmailRules.Problem(Input.Email) is { } emailProblem) ModelState.AddModelError("Input.Email", L[emailProblem]);
        if (PasswordPolicy.Problem(Input.Password, email, Input.Name) is { } passwordProblem) ModelState.AddModelError("Input.Password", L[passwordProblem]);
        else if (Input.Password != Input.ConfirmPassword) ModelState.AddModelError("Input.ConfirmPassword", L["The two passwords do not match."]);

        if (ModelState.IsValid && await session.Query<Member>().AnyAsync(m => m.EmailNormalized == Member.Normalize(email), ct))
            ModelState.AddModelError("Input.Email", L["An account with this email address already exists. Sign in, or reset your password."]);

        if (!ModelState.IsValid || profile is null) return await RedisplayAsync(ct);

        var organisation = await OrganisationDirectory.FindOrAddAsync(session, profile.Organisation, profile.Sector, profile.Country, profile.Level, ct);
        var (token, hash) = Tokens.Create();
        var member = new Member
        {
            Email = email, EmailNormalized = Member.Normalize(email),
            OrganisationId = organisation.Id, OrganisationName = organisation.Name,
            EmailTokenHash = hash, EmailTokenExpires = DateTimeOffset.UtcNow.AddHours(options.Value.EmailTokenHours),
            PreferredCulture = System.Globalization.CultureInfo.CurrentUICulture.Name,
        };
        ProfileRules.Apply(profile, member);
        member.Handle = await Handles.NewAsync(session, member.Name, ct);
        member.PasswordHash = hasher.HashPassword(member, Input.Password!);
        session.Insert(member);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (MartenCommandException e) when (e.InnerException is Npgsql.PostgresException { SqlState: "23505" })
        {
            // Two sign-ups with one address at the same moment: the unique index decides, the loser keeps the form.
            ModelState.AddModelError("Input.Email", L["An account with this email address already exists. Sign in, or reset your password."]);
            return await RedisplayAsync(ct);
        }
        logger.LogInformation("Member {MemberId} signed up", member.Id);
        await emails.SendConfirmationAsync(member, token, ct);
        return RedirectToPage("CheckEmail", new { email = member.Email });
    }

    private async Task<IActionResult> RedisplayAsync(CancellationToken ct)
    {
        Input.Password = Input.ConfirmPassword = null; // never echo passwords back into the page
        await LoadOrganisationNamesAsync(ct);
        return Page();
    }

    private async Task LoadOrganisationNamesAsync(CancellationToken ct) =>
        ViewData["OrganisationNames"] = await session.Query<Organisation>().OrderBy(o => o.Name).Select(o => o.Name).Take(500).ToListAsync(ct);
}
