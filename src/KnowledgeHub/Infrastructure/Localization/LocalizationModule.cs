using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace KnowledgeHub.Infrastructure.Localization;

public static class LocalizationModule
{
    public const string CultureClaim = "kh:culture";

    /// <summary>Interface languages: English is complete; Bangla and Urdu (right-to-left) cover the core pages.</summary>
    public static readonly CultureInfo[] Supported = [new("en"), new("bn"), new("ur")];

    public static IServiceCollection AddInterfaceLanguages(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("en");
            o.SupportedCultures = Supported;
            o.SupportedUICultures = Supported;
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            // The member's own setting first, then the switcher's cookie, then what the browser asks for.
            o.RequestCultureProviders =
            [
                new CustomRequestCultureProvider(context => Task.FromResult(
                    context.User.FindFirstValue(CultureClaim) is { Length: > 0 } c ? new ProviderCultureResult(c) : null)),
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return services;
    }

    public static bool IsSupported(string? culture) =>
        culture is not null && Supported.Any(c => c.Name.Equals(culture, StringComparison.OrdinalIgnoreCase));

    public static string Direction(CultureInfo culture) => culture.TextInfo.IsRightToLeft ? "rtl" : "ltr";

    /// <summary>Self-names for the switcher, always shown in their own script.</summary>
    public static string NativeName(CultureInfo culture) => culture.Name switch
    {
        "bn" => "বাংলা",
        "ur" => "اردو",
        _ => "English",
    };
}
