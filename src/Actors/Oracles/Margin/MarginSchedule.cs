using System.Collections.Immutable;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Oracles.Margin;

/// <summary>
/// The requirement in force, folded from <see cref="MarginRequirementChanged"/> records: the last
/// record's rates, and the rises still in their grace period. A liquidation is tested at the lowest
/// maintenance any change in grace came from, so no rise liquidates anyone before its grace ends,
/// while a fall applies at once. The oracle, the audit and the simulator fold the same records.
/// </summary>
public sealed record MarginSchedule(MarginRequirementChanged? Last, ImmutableList<MarginRequirementChanged> InGrace)
{
    public static MarginSchedule Empty { get; } = new(null, []);

    public MarginSchedule After(MarginRequirementChanged e) =>
        new(e, e.GraceUntil > e.At ? InGrace.RemoveAll(r => r.GraceUntil <= e.At).Add(e) : InGrace.RemoveAll(r => r.GraceUntil <= e.At));

    /// <summary>The σ and horizon the requirement in force was recorded from; null before the first record.</summary>
    public RiskScale? Scale => Last is null ? null : new RiskScale(Last.Sigma, Last.Horizon);

    /// <summary>The requirement at <paramref name="at"/>; null before the first record (the positions' own rates apply).</summary>
    public MarginInForce? At(DateTimeOffset at)
    {
        if (Last is null)
            return null;
        var liquidation = Last.Maintenance;
        foreach (var rise in InGrace)
            if (rise.At <= at && at < rise.GraceUntil && rise.PreviousMaintenance < liquidation)
                liquidation = rise.PreviousMaintenance;
        return new MarginInForce(Last.Maintenance, Last.Initial, liquidation);
    }
}
