using LeverageActors.Actors.Risk.Cross;
using LeverageActors.Host.Node;
using Microsoft.Extensions.Configuration;

namespace LeverageActors.Tests.Node;

/// <summary>The cross-account watcher runs exactly with cross margin, and its refresh period is read as other durations are.</summary>
public sealed class CrossWatchSettingsSpecs
{
    [Fact]
    public void By_default_cross_margin_and_its_watcher_are_off_with_a_minute_between_refreshes() =>
        Assert.Equal(new CrossWatchSettings(false, TimeSpan.FromMinutes(1)), Settings().CrossWatch);

    [Fact]
    public void Cross_margin_on_runs_the_watcher_at_the_configured_refresh_period() =>
        Assert.Equal(new CrossWatchSettings(true, TimeSpan.FromSeconds(15)),
            Settings(("Accounts:CrossMargin:Enabled", "true"), ("Accounts:CrossMargin:RefreshEvery", "15")).CrossWatch);

    [Fact]
    public void A_refresh_period_that_is_not_a_duration_is_refused_naming_the_setting() =>
        Assert.Contains("Accounts:CrossMargin:RefreshEvery",
            Assert.Throws<ConfigurationError>(() => Settings(("Accounts:CrossMargin:RefreshEvery", "soon"))).Message);

    private static NodeSettings Settings(params (string Key, string Value)[] values) =>
        NodeSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());
}
