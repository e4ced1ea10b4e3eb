using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Risk;

/// <summary>
/// The maintenance requirement an index's rows are held to, with the price number it came with. A
/// requirement older than the one in force is ignored (the journal and the ticks may bring the same
/// change twice, in either order); a new one, or a σ that moves the warning rows, rescales the book
/// once. Shared by the node's index and its pure twin, so both follow the requirement alike.
/// </summary>
public sealed class RequirementInForce
{
    private decimal? _maintenance;
    private long _sequence = -1;

    /// <summary>True when the rows moved: the caller checks the last price against them again.</summary>
    public bool Takes(decimal maintenance, long priceSequence, RiskScale? scale, RiskWarnings warnings, ScaledRiskBook book)
    {
        if (priceSequence < _sequence)
            return false;
        // σ moves the warning rows even when the requirement stays (on its floor, or within its 10%).
        var rescaled = warnings.Rescaled(scale);
        if (maintenance == _maintenance && !rescaled)
            return false;
        _maintenance = maintenance;
        _sequence = priceSequence;
        book.Rescale(_maintenance, warnings.Growth);
        return true;
    }
}
