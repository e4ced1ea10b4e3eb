using Microsoft.Playwright;

namespace LeverageActors.Tests.Support;

/// <summary>
/// A real browser for the dashboard specs: Debian's chromium, headless, driven by Playwright.
/// Playwright's own browser download cannot be used here, so the system binary is launched, in
/// a fresh temporary profile (Playwright's default for a non-persistent launch). A machine without
/// chromium fails the specs with what to install: a browser test that silently skips proves nothing.
/// </summary>
public sealed class DashboardBrowser : IAsyncDisposable
{
    public const string DefaultExecutable = "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;

    private DashboardBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<DashboardBrowser> LaunchAsync()
    {
        var executable = Environment.GetEnvironmentVariable("LEVERAGE_CHROMIUM") is { Length: > 0 } configured ? configured : DefaultExecutable;
        if (!File.Exists(executable))
            Assert.Fail($"Chromium is not installed at {executable}: the dashboard specs need Debian's chromium " +
                "(bash tests/run.sh installs it; or apt-get install chromium).");

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = Arguments,
            Timeout = (float)TestNode.Timeout.TotalMilliseconds * 2,
        });
        return new DashboardBrowser(playwright, browser);
    }

    /// <summary>Where test artifacts go: the repository's TestResults folder (beside the TRX file).</summary>
    public static string ArtifactPath(string file)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "LeverageActors.sln")))
            directory = directory.Parent;
        var results = Path.Combine(directory?.FullName ?? AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(results);
        return Path.Combine(results, file);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
    }
}
