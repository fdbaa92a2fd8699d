using System.Text.Json;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Infrastructure.Themes;

public sealed class ThemeOptions
{
    /// <summary>The theme every visitor sees unless they chose another installed one.</summary>
    public string Active { get; set; } = "default";
    public string Path { get; set; } = "themes";
}

public sealed record Theme(string Name, string DisplayName, string Description, IReadOnlyList<string> Stylesheets, string? Logo, string ColorScheme);

/// <summary>Themes are folders under themes/: a theme.json, stylesheets and a logo, served as static files from /themes.</summary>
public sealed class ThemeCatalog
{
    public const string CookieName = "kh-theme";
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public ThemeCatalog(IOptions<ThemeOptions> options, IHostEnvironment environment)
    {
        Directory = AppPaths.Resolve(options.Value.Path, environment.ContentRootPath);
        Themes = System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.GetDirectories(Directory).Select(Load).OfType<Theme>().OrderBy(t => t.Name).ToList()
            : [];
        Active = Themes.FirstOrDefault(t => t.Name == options.Value.Active)
            ?? throw new InvalidOperationException($"Theme '{options.Value.Active}' was not found in {Directory} (needs a theme.json).");
    }

    public string Directory { get; }
    public IReadOnlyList<Theme> Themes { get; }
    public Theme Active { get; }

    /// <summary>The visitor's choice among installed themes (for example high contrast), else the configured one.</summary>
    public Theme For(HttpContext context) =>
        context.Request.Cookies[CookieName] is { } chosen && Themes.FirstOrDefault(t => t.Name == chosen) is { } theme ? theme : Active;

    private static Theme? Load(string folder)
    {
        var file = Path.Combine(folder, "theme.json");
        if (!File.Exists(file)) return null;
        var manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(file), Json) ?? new Manifest();
        var name = Path.GetFileName(folder);
        return new Theme(name, manifest.DisplayName ?? name, manifest.Description ?? "", manifest.Stylesheets ?? ["theme.css"],
            manifest.Logo, manifest.ColorScheme ?? "light");
    }

    private sealed record Manifest(string? DisplayName = null, string? Description = null, List<string>? Stylesheets = null,
        string? Logo = null, string? ColorScheme = null);
}

public static class ThemeModule
{
    public static IServiceCollection AddThemes(this IServiceCollection services)
    {
        services.AddOptions<ThemeOptions>().BindConfiguration("Themes");
        services.AddSingleton<ThemeCatalog>();
        return services;
    }

    public static IApplicationBuilder UseThemes(this IApplicationBuilder app)
    {
        var catalog = app.ApplicationServices.GetRequiredService<ThemeCatalog>();
        return app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(catalog.Directory),
            RequestPath = "/themes",
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
    }
}
