using LeverageActors.Actors.Oracles;
using LeverageActors.Actors.Positions;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// Next-price execution (issue 18 item 1): every recorded execution acted at a price numbered after
/// its request's, that number is a price the market's oracle accepted, and the event's price is
/// that one. An event without an execution record acted at the latest price (liquidations, and any
/// request made with next-price execution off) and is left to the other price rules.
/// </summary>
public static class NextPriceRule
{
    public const string Rule = "next-price";

    public static AuditFinding? Check(ILeverageEvent evt, PositionState? before, PriceRules prices) => evt switch
    {
        PositionOpenRequested { Execution: { } x } e => Check(e.Market, x, e.EntryPrice, prices),
        PositionSettlementRequested { Execution: { } x } e when before is not null => Check(before.Market, x, e.Price, prices),
        CollateralDecreaseRequested { Execution: { } x } e when before is not null => Check(before.Market, x, e.Price, prices),
        PoolDepositStarted { Execution: { } x } e => Check(e.Market, x, e.Price, prices),
        PoolWithdrawalStarted { Execution: { } x } e => Check(e.Market, x, e.Price, prices),
        Messages.Pools.LiquidityAdded { Execution: { } x } e => Check(e.Market, x, e.Price, prices),
        Messages.Pools.LiquidityRemoved { Execution: { } x } e => Check(e.Market, x, e.Price, prices),
        _ => null,
    };

    private static AuditFinding? Check(MarketId market, Execution x, decimal price, PriceRules prices)
    {
        if (x.PriceSequence <= x.RequestSequence)
            return new AuditFinding(Rule, $"a price numbered after the request's #{x.RequestSequence}", $"#{x.PriceSequence}");
        if (prices.Number(market, x.PriceSequence) is not { } accepted || accepted.Price != price)
            return new AuditFinding(Rule, $"{market}'s oracle price #{x.PriceSequence} ({prices.Number(market, x.PriceSequence)?.Price.ToString() ?? "none"})",
                $"{price}");
        // Both numbers shifted back together would still be in order: the price must also have been
        // accepted after the request was made (give or take the clock skew nodes are allowed), or
        // it was known when the request was sent (THREATS 1).
        if (accepted.At < x.RequestedAt - OracleRules.MaxClockSkew)
            return new AuditFinding(Rule, $"a price accepted after the request at {x.RequestedAt:O}",
                $"#{x.PriceSequence} accepted at {accepted.At:O}");
        // And made of reports that came after the request: a quorum and every recent one (OracleRules.AllAfter), or a quorum where the price records no more.
        return accepted.NextAfter is { } since && since < x.RequestSequence
            ? new AuditFinding(Rule, $"a price a quorum of whose reports came after the request's #{x.RequestSequence}",
                $"#{x.PriceSequence}, a quorum of its reports after #{since} only")
            : null;
    }
}
