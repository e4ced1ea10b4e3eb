using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Tests.Support;

/// <summary>What one trader does in a <see cref="Scenario"/>.</summary>
public sealed class TraderSteps(Scenario scenario, AccountId id)
{
    public AccountId Id { get; } = id;

    public async Task<TraderSteps> Deposits(decimal amount)
    {
        await scenario.Ask<AccountCommandAccepted>(scenario.Node.Accounts, new DepositFunds(Id, RequestId.New(), amount, scenario.Now));
        return this;
    }

    public Task<object> Withdraws(decimal amount) =>
        scenario.Ask<object>(scenario.Node.Accounts, new WithdrawFunds(Id, RequestId.New(), amount, scenario.Now));

    public Task<LiquidityRequestCompleted> Provides(string market, decimal amount)
    {
        var id = MarketId.From(market);
        scenario.Track(id);
        return scenario.Ask<LiquidityRequestCompleted>(scenario.Node.Accounts,
            new ProvideLiquidity(Id, RequestId.New(), id, amount, scenario.PriceOf(id), scenario.Now));
    }

    /// <summary>Redeems shares; the answer is <see cref="LiquidityRequestCompleted"/> or <see cref="AccountCommandRejected"/>.</summary>
    public Task<object> Redeems(string market, decimal shares)
    {
        var id = MarketId.From(market);
        return scenario.Ask<object>(scenario.Node.Accounts,
            new WithdrawLiquidity(Id, RequestId.New(), id, shares, scenario.PriceOf(id), scenario.Now));
    }

    public async Task<PositionId> Opens(string market, PositionSide side, decimal collateral, decimal leverage)
    {
        var reply = await TriesToOpen(market, side, collateral, leverage);
        return reply is PositionCommandAccepted accepted
            ? accepted.PositionId
            : throw new ScenarioStepRefused($"open was refused: {reply}");
    }

    /// <summary>Opens at the scenario's price; the answer is accepted or rejected with a reason.</summary>
    public Task<object> TriesToOpen(string market, PositionSide side, decimal collateral, decimal leverage)
    {
        var position = PositionId.New();
        scenario.Track(position);
        var marketId = MarketId.From(market);
        var price = scenario.Prices.Latest(marketId)?.Price ?? 1m;
        return AndSettled(position, scenario.Ask<object>(scenario.Node.Positions,
            new OpenPosition(position, Id, RequestId.New(), marketId, side, collateral, leverage, price, scenario.Now)));
    }

    /// <summary>The answer, once the saga it started has nothing left in flight.</summary>
    private async Task<object> AndSettled(PositionId position, Task<object> answer)
    {
        var reply = await answer;
        await scenario.Settled(position);
        return reply;
    }

    public Task<object> Closes(PositionId position) => Act(position, (request, price) =>
        new ClosePosition(position, Id, request, price, scenario.Now));

    public Task<object> Decreases(PositionId position, decimal fraction) => Act(position, (request, price) =>
        new DecreasePosition(position, Id, request, fraction, price, scenario.Now));

    public Task<object> AddsCollateral(PositionId position, decimal amount) => Act(position, (request, _) =>
        new AddCollateral(position, Id, request, amount, scenario.Now));

    public Task<object> RemovesCollateral(PositionId position, decimal amount) => Act(position, (request, price) =>
        new RemoveCollateral(position, Id, request, amount, price, scenario.Now));

    public Task<AccountBalanceResponse> Balance() => scenario.Balance(Id);

    private async Task<object> Act(PositionId position, Func<RequestId, decimal, IPositionCommand> command)
    {
        var view = await scenario.Ask<PositionView>(scenario.Node.Positions, new GetPosition(position, null, null));
        return await AndSettled(position,
            scenario.Ask<object>(scenario.Node.Positions, command(RequestId.New(), scenario.PriceOf(view.Market))));
    }
}
