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

    /// <summary>
    /// A switch given as yes or 1 kept its default without a word (found by a read-only review):
    /// Execution:NextPrice=0 ran next-price execution. Now refused, naming the setting.
    /// </summary>
    [Theory]
    [InlineData("Accounts:CrossMargin:Enabled", "yes")]
    [InlineData("Execution:NextPrice", "0")]
    [InlineData("Demo", "1")]
    public void A_switch_that_is_neither_true_nor_false_is_refused_naming_the_setting(string key, string value) =>
        Assert.Equal($"{key} must be true or false, got '{value}'", Assert.Throws<ConfigurationError>(() => Settings((key, value))).Message);

    [Fact]
    public void Switches_read_true_and_false_in_any_case() =>
        Assert.False(Settings(("Execution:NextPrice", "FALSE")).NextPriceExecution);

    private static NodeSettings Settings(params (string Key, string Value)[] values) =>
        NodeSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());
}
