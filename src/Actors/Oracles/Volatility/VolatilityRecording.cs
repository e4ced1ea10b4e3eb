using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Oracles.Volatility;

/// <summary>When the running estimate becomes a <see cref="VolatilityUpdated"/> record (the rate bound of <see cref="VolatilityModel"/>).</summary>
public static class VolatilityRecording
{
    public static VolatilityUpdated? Due(
        MarketId market, VolatilityTracker tracker, VolatilityUpdated? recorded, long priceSequence, DateTimeOffset at, VolatilityModel model)
    {
        if (tracker is not { Variance: { } variance, Sigma: { } sigma } || tracker.Samples < model.MinSamples)
            return null;
        if (recorded is not null && recorded.Samples == tracker.Samples)
            return null;

        var next = new VolatilityUpdated(market, model.Kind, variance, sigma, tracker.Samples, priceSequence, at);
        if (recorded is null)
            return next;
        var change = recorded.Sigma == 0 ? (sigma == 0 ? 0 : 1) : Math.Abs(sigma - recorded.Sigma) / recorded.Sigma;
        var moved = change >= model.PublishChange;
        var periodic = at - recorded.At >= model.PublishEvery && sigma != recorded.Sigma;
        return moved || periodic ? next : null;
    }
}
