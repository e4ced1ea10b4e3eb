using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Oracles.Margin;

/// <summary>
/// When a recorded volatility moves the margin requirement enough to record
/// <see cref="MarginRequirementChanged"/>: a relative move of <see cref="DynamicMargin.MinChange"/>,
/// or a return to the floor (so a quiet market ends at its base rates, not just above them). A rise
/// starts a grace period; a fall applies at once.
/// </summary>
public static class MarginRecording
{
    public static MarginRequirementChanged? Due(
        MarketId market, OracleParameters p, VolatilityUpdated volatility, MarginRequirementChanged? last, long priceSequence, DateTimeOffset at)
    {
        if (p.Margin is not { } m)
            return null;
        var horizon = m.Horizon(p.Latency);
        var (maintenance, initial) = MarginRequirement.Required(m, volatility.Sigma, horizon);
        var (previous, previousInitial) = last is null ? (m.MaintenanceBase, m.InitialBase) : (last.Maintenance, last.Initial);
        if (maintenance == previous)
            return null;
        var backToFloor = maintenance == m.MaintenanceBase;
        if (!backToFloor && Math.Abs(maintenance - previous) / previous < m.MinChange)
            return null;
        var graceUntil = maintenance > previous ? at + m.GraceFor(p.Latency) : at;
        return new MarginRequirementChanged(market, maintenance, initial, previous, previousInitial, volatility.Sigma, horizon, graceUntil,
            priceSequence, at);
    }
}
