using Microsoft.Playwright;

namespace AssessmentScorer.Browser.Tests;

/// <summary>
/// A test class with Debian's chromium started headless through Playwright (never a downloaded browser) and a
/// temporary directory for the files it opens, both let go after the class's tests.
/// </summary>
public abstract class HeadlessChromium : IAsyncLifetime
{
    /// <summary>
    /// Playwright's waits (30 s by default) as a hang guard, not a budget: launching Chromium and rendering take a few
    /// seconds on a quiet machine and many more on a loaded one; only a browser that never answers reaches 3 minutes.
    /// </summary>
    protected const float HangGuardMs = 180_000;

    private IPlaywright? _pw;
    private IBrowser? _browser;

    protected HeadlessChromium(string prefix) => Dir = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>The test's own temporary directory.</summary>
    protected string Dir { get; }

    protected IBrowser Browser => _browser ?? throw new InvalidOperationException("the browser is not started");

    public async Task InitializeAsync()
    {
        _pw = await Playwright.CreateAsync();
        _browser = await _pw.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Locate() ?? throw new InvalidOperationException("Debian's chromium is needed for this test: apt-get install chromium (.ci/run installs it)"),
            Headless = true,
            Timeout = HangGuardMs,
            Args = new[] { "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync" },
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _pw?.Dispose();
        Directory.Delete(Dir, true);
    }
}
