using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AssessmentScorer.Web.Tests;

/// <summary>The real host (API and web interface in one process) on a Kestrel port, and Debian's headless chromium.</summary>
public sealed class WebHost : IAsyncLifetime
{
    /// <summary>Playwright's waits as a hang guard, not a budget: only a page that never reaches its state gets there.</summary>
    public const float HangGuardMs = 180_000;

    /// <summary>The admin key from configuration (the round pages sign in with it).</summary>
    public const string AdminKey = "web-tests-admin-key-5f0c9d";

    /// <summary>A temporary SQLite store for the rounds, removed with the host.</summary>
    private readonly string _storeDir = Directory.CreateTempSubdirectory("as-web-store-").FullName;

    private sealed class Factory(string storePath) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            builder.UseSetting("AssessmentScorer:RuleSetsPath", Repo.RuleSets);
            builder.UseSetting("AssessmentScorer:Store:Path", storePath);
            builder.UseSetting("AssessmentScorer:Store:AdminKey", AdminKey);
            builder.UseSetting("AssessmentScorer:Operations:PermitsPerWindow", "0");
        }
    }

    private Factory? _factory;
    private IPlaywright? _pw;
    public IBrowser Browser { get; private set; } = default!;
    public string BaseUrl { get; private set; } = "";

    /// <summary>The host's services (the store's key and round services, for a test's own keys and expectations).</summary>
    public IServiceProvider Services => _factory!.Services;

    public async Task InitializeAsync()
    {
        if (ChromiumFactAttribute.Locate() is not { } chromium) return;   // the tests are skipped (or fail when the browser is required)
        _factory = new Factory(Path.Combine(_storeDir, "rounds.db"));
        _factory.UseKestrel(0);
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/";
        _pw = await Playwright.CreateAsync();
        Browser = await _pw.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Timeout = HangGuardMs,
            Args = new[] { "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync" },
        });
    }

    /// <summary>A new page (own context: own cookies and downloads) on the host, with the hang guard set.</summary>
    public async Task<IPage> NewPageAsync(string? language = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            AcceptDownloads = true,
            BaseURL = BaseUrl,
            Locale = "zh-CN",
        });
        if (language is not null)
            await context.AddCookiesAsync(new[] { new Cookie { Name = "as-lang", Value = language, Url = BaseUrl } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(HangGuardMs);
        page.SetDefaultNavigationTimeout(HangGuardMs);
        return page;
    }

    /// <summary>Opens a path and waits until the page is interactive (its server connection is up).</summary>
    public async Task<IPage> OpenAsync(string path, string? language = null)
    {
        var page = await NewPageAsync(language);
        await GotoAsync(page, path);
        return page;
    }

    public static async Task GotoAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.Locator("body[data-interactive='1']").WaitForAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _pw?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        try { Directory.Delete(_storeDir, recursive: true); } catch (IOException) { /* a file still open: left in the temporary folder */ }
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebHost>
{
    public const string Name = "web";
}
