using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KnowledgeHub.Tests.Infrastructure;

/// <summary>The app on a real Kestrel port, and Debian's Chromium driven by Playwright (no browser download).</summary>
public sealed class BrowserServer : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private readonly AppFactory factory;
    private IPlaywright? playwright;

    private BrowserServer(AppFactory factory, string baseUrl, IPlaywright playwright, IBrowser browser)
    {
        this.factory = factory;
        BaseUrl = baseUrl;
        this.playwright = playwright;
        Browser = browser;
    }

    public string BaseUrl { get; }
    public IBrowser Browser { get; }

    public static async Task<BrowserServer> StartAsync(AppFixture app)
    {
        var factory = new AppFactory(app);
        factory.UseKestrel(0);
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var baseUrl = addresses.First().Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1").TrimEnd('/');
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        return new BrowserServer(factory, baseUrl, playwright, browser);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        playwright?.Dispose();
        playwright = null;
        await factory.DisposeAsync();
    }
}
