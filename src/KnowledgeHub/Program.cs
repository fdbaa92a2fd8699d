using KnowledgeHub.Infrastructure.Search;
using KnowledgeHub.Features.Search;
using KnowledgeHub.Features.Account;
using KnowledgeHub.Features.Api;
using KnowledgeHub.Features.CaseStudies;
using KnowledgeHub.Features.Content;
using KnowledgeHub.Features.Courses;
using KnowledgeHub.Features.Forum;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Features.Mentoring;
using KnowledgeHub.Infrastructure;
using KnowledgeHub.Infrastructure.Cli;
using KnowledgeHub.Infrastructure.Email;
using KnowledgeHub.Infrastructure.Localization;
using KnowledgeHub.Infrastructure.Postgres;
using KnowledgeHub.Infrastructure.Security;
using KnowledgeHub.Infrastructure.Themes;

// `knowledgehub users add ...` and friends run a command instead of the web server.
var verb = Commands.IsCommand(args);
var builder = WebApplication.CreateBuilder(verb ? [] : args);
var services = builder.Services;

// Platform: PostgreSQL (configured, or a private local cluster), email, themes, interface languages.
services.AddDatabase(builder.Environment);
services.AddEmail();
services.AddThemes();
services.AddInterfaceLanguages();
services.AddOptions<SiteOptions>().BindConfiguration("Site");
services.AddPageCache();
services.AddHttpContextAccessor();
services.AddSingleton(TimeProvider.System);
services.Configure<RouteOptions>(o => o.LowercaseUrls = true);
var secureCookies = SecurityOptions.SecureCookies(builder.Environment, builder.Configuration);
services.AddAntiforgery(o =>
{
    o.Cookie.Name = "kh.af";
    o.Cookie.SecurePolicy = secureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
});
services.MaskAntiforgeryTokens(); // one encryption per browser and identity, a fresh mask per response

// Features: each registers its own services and Marten documents.
services.AddAccounts(secureCookies);
services.AddMembers();
services.AddContent();
services.AddSearch();
services.AddForum();
services.AddForumApi();
services.AddCourses();
services.AddCaseStudies();
services.AddMentoring();
services.AddRazorPages(o => o.RootDirectory = "/Features").AddViewLocalization();
// Pages write every script as UTF-8 rather than as character references: a Bangla or Urdu page is about half the bytes
// (a character reference is 8 bytes, the character 3). Markup characters are still encoded.
services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
    o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));

var app = builder.Build();
if (verb) return await Commands.RunAsync(app, args);

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error");
    app.UseHsts();
}
app.UseHttpsOnlyForPeople(secureCookies);
// People get a page for 404/429/...; programs on /api and the hub get the bare status or problem details.
app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api") && !c.Request.Path.StartsWithSegments("/hubs"),
    pages => pages.UseStatusCodePagesWithReExecute("/error/{0}"));
app.UseSecurityHeaders();
app.UseFormNulGuard();
app.UseApiErrors();
app.UseHubOriginCheck(ForumModule.HubPath);
app.UseStaticFiles();
app.UseThemes();
app.UseRouting();
app.UseRateLimiter();
app.UseAccessClock(); // access rules (a safeguarding opening's end) read the app's TimeProvider
app.UseAuthentication(); // before localization: a member's own language setting comes from their sign-in
app.UseRequestLocalization();
app.UseAuthorization();
app.UseOutputCache(); // after sign-in and language are known: only visitors' pages are cached, per language
app.UseThreadShortcut(); // a member's thread page answered from its shell, before MVC

app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") });
app.MapRazorPages();
app.MapForum();
app.MapForumApi();
app.MapCourses();
app.MapSearchApi();
app.MapBenchEndpoints();

await app.RunAsync();
return 0;

public partial class Program;
