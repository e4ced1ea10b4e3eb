using System.Text.Json;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Serialization;

namespace LeverageActors.Tests.Deleveraging;

/// <summary>The ADL factors are parameters every event that carries a market's parameters could hold: unset ones are not written.</summary>
public class AdlParameterSpecs
{
    private static string Json(MarketParameters p) => JsonSerializer.Serialize(p, LeverageJson.Options);

    [Fact]
    public void Unset_factors_are_not_written_and_read_as_the_GMX_defaults()
    {
        var json = Json(new MarketParameters());

        Assert.DoesNotContain("maxPnlFactor", json);
        Assert.DoesNotContain("adlTarget", json);
        var read = JsonSerializer.Deserialize<MarketParameters>(json, LeverageJson.Options)!;
        Assert.Equal(0.85m, read.AdlTrigger());
        Assert.Equal(0.77m, read.AdlTarget());
    }

    [Fact]
    public void Set_factors_round_trip()
    {
        var p = new MarketParameters { MaxPnlFactor = 0.6m, AdlTargetFactor = 0.5m };

        var read = JsonSerializer.Deserialize<MarketParameters>(Json(p), LeverageJson.Options)!;

        Assert.Equal(p, read);
        Assert.Equal(0.6m, read.AdlTrigger());
        Assert.Equal(0.5m, read.AdlTarget());
    }
}
