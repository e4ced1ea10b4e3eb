using Akka.Actor;
using LeverageActors.Actors.Invariants;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Assets;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Tests.Support;

/// <summary>
/// The books of a running node as its entities hold them, read once no saga touching them is in
/// flight: the suite's one way to check DESIGN §4 invariants 1–3 on a node.
/// </summary>
public sealed record Books(List<AccountBalanceResponse> Accounts, List<PositionView> Positions, List<PoolStateResponse> Pools)
{
    /// <summary>The cap ledgers of the assets the accounts hold, when the caller asked for them.</summary>
    public List<AssetLedgerView> Ledgers { get; init; } = [];

    /// <summary>
    /// Positions first (once a position has nothing in flight, its transfers are applied), then
    /// accounts (once each answers and has nothing in flight), then the pools of the given markets
    /// and of every position read. A position that never came to exist is left out. Given the asset
    /// region, also the cap ledger of every asset the accounts hold: only a caller that names every
    /// account may ask, or the ledgers would count deposits of accounts it left out.
    /// </summary>
    public static async Task<Books> Settled(
        IActorRef accounts, IActorRef positions, IActorRef pools,
        IEnumerable<AccountId> accountIds, IEnumerable<PositionId> positionIds, IEnumerable<MarketId> markets, DateTimeOffset at,
        IActorRef? assets = null)
    {
        var views = new List<PositionView>();
        foreach (var id in positionIds.Distinct())
        {
            object? reply = null;
            await Eventually.Holds($"position {id} to finish its sagas", async () =>
                (reply = await positions.Ask<object>(new GetPosition(id, null, null), Eventually.Timeout)) is not PositionView { PendingSteps: > 0 });
            if (reply is PositionView view)
                views.Add(view);
        }

        var balances = new List<AccountBalanceResponse>();
        foreach (var id in accountIds.Distinct())
        {
            AccountBalanceResponse? balance = null;
            await Eventually.Holds($"account {id} to be open with nothing in flight", async () =>
                (balance = await accounts.Ask<object>(new GetAccountBalance(id), Eventually.Timeout) as AccountBalanceResponse)
                is { PendingSteps: 0, InTransitToPools: 0 });
            balances.Add(balance!);
        }

        var states = new List<PoolStateResponse>();
        foreach (var market in markets.Concat(views.Select(v => v.Market)).Distinct())
            states.Add(await pools.Ask<PoolStateResponse>(new GetPoolState(market, null, at), Eventually.Timeout));
        var ledgers = new List<AssetLedgerView>();
        if (assets is not null)
            foreach (var asset in balances.SelectMany(b => b.Assets ?? []).Select(a => a.Asset).Distinct())
                ledgers.Add(await assets.Ask<AssetLedgerView>(new GetAssetLedger(asset), Eventually.Timeout));
        return new Books(balances, views, states) { Ledgers = ledgers };
    }

    public void AssertBalanced()
    {
        var violations = InvariantChecker.Check(Accounts, Positions, Pools).Concat(AssetLedgersAgree.Check(Accounts, Ledgers)).ToList();
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }
}
