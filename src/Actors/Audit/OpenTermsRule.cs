using LeverageActors.Messages.Common;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// An open's terms worked out again from what it asked (DESIGN §2, <see cref="Positions.PositionTerms"/>):
/// notional = collateral × leverage, quantity = notional / entry, reserved = notional − collateral,
/// the opening fee on the notional at its market's rate. Every later settlement is recomputed from
/// these terms, so recorded as they came, a quantity ten times the collateral's would be paid from
/// the LPs and checked against itself (a review's finding). The arithmetic only: a rule the node
/// adds later (a minimum size, leverage's places) does not make an older open a finding.
/// </summary>
public static class OpenTermsRule
{
    public const string Rule = "open-terms";

    public static AuditFinding? Check(PositionOpenRequested e)
    {
        if (e.EntryPrice <= 0)
            return new AuditFinding(Rule, "a positive entry price", $"{e.EntryPrice}");
        var notional = Money.Payout(e.Collateral * e.Leverage);
        var expected = (Quantity: notional / e.EntryPrice, Reserved: notional - e.Collateral, OpenFee: Money.Charge(notional * e.Parameters.OpenFeeRate));
        return expected == (e.Quantity, e.Reserved, e.OpenFee)
            ? null
            : new AuditFinding(Rule, $"quantity {expected.Quantity}, reserved {expected.Reserved}, opening fee {expected.OpenFee} for {e.Collateral} at {e.Leverage}x and {e.EntryPrice}",
                $"{e.Quantity}, {e.Reserved}, {e.OpenFee}");
    }
}
