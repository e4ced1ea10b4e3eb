using LeverageActors.Actors.Common;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// Each row carries the tags the node's followers read it by: a market's position, pool and margin
/// rows its market's (the risk index: a position without it is never watched, never liquidated), a
/// breach its own (the liquidators), every position and account row its kind's (the saga watchdog).
/// The hash chains cover a row's event, not its tags, and the tag index is checked against the rows'
/// own tags (<see cref="TagIndexCheck"/>): a hand that strips a tag from both passed both. Tags a
/// node of this version writes besides these (a price's own, a halt's) are not required, since
/// older nodes wrote them otherwise.
/// </summary>
public static class TagsRule
{
    public const string Rule = "tags";

    /// <param name="positionMarket">The market of the position a position's row belongs to, when known.</param>
    public static AuditFinding? Check(JournalRow row, ILeverageEvent evt, MarketId? positionMarket)
    {
        if (row.Tags is not { } written)
            return null;
        var tags = written.Split(';', StringSplitOptions.RemoveEmptyEntries);
        var missing = Read(evt, positionMarket).Where(t => !tags.Contains(t)).ToList();
        return missing.Count == 0
            ? null
            : new AuditFinding(Rule, $"the tags the node's followers read it by: {string.Join(", ", Read(evt, positionMarket))}",
                $"{written} (without {string.Join(", ", missing)})");
    }

    private static IReadOnlyList<string> Read(ILeverageEvent evt, MarketId? positionMarket) => evt switch
    {
        PositionBreached e => ["position", ImmutableTags.Market(e.Market), ImmutableTags.Breach],
        IPositionEvent => positionMarket is { } market ? ["position", ImmutableTags.Market(market)] : ["position"],
        IPoolEvent e => [ImmutableTags.Market(e.Market)],
        MarginRequirementChanged e => [ImmutableTags.Market(e.Market)],
        IAccountEvent or IAccountTransferEvent or IAccountAssetEvent or IAccountLiquidationEvent => ["account"],
        _ => [],
    };
}
