using LeverageActors.Actors.Accounts;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Tests.Support;

/// <summary>
/// A <see cref="Scenario"/>'s cross-margin steps: the marks a command carries are read as the API
/// reads them, every market's latest accepted oracle price with its number and its pool's index.
/// </summary>
public static class CrossSteps
{
    public static async Task<IReadOnlyList<MarketMark>> Marks(this Scenario s)
    {
        var marks = new List<MarketMark>();
        foreach (var market in MarketCatalog.DefaultMarkets.Select(MarketId.From))
        {
            var quote = await s.Ask<OraclePriceResponse>(s.Node.Oracles, new GetOraclePrice(market, s.Now));
            if (quote.Price is { } price)
            {
                var pool = await s.Pool(market);
                marks.Add(new MarketMark(market, price, quote.Sequence, pool.BorrowIndex) { Margin = quote.Margin, Funding = CrossFunding.Of(pool) });
            }
        }

        return marks;
    }

    /// <summary>Opens a cross position sized by <paramref name="collateral"/> × <paramref name="leverage"/>; the answer, once settled.</summary>
    public static async Task<object> TriesToOpenCross(this Scenario s, TraderSteps trader, string market, PositionSide side, decimal collateral, decimal leverage)
    {
        var position = PositionId.New();
        s.Track(position);
        var id = MarketId.From(market);
        var reply = await s.Ask<object>(s.Node.Positions,
            new OpenPosition(position, trader.Id, RequestId.New(), id, side, collateral, leverage, s.PriceOf(id), s.Now)
            {
                Cross = true,
                Marks = await s.Marks(),
            });
        await s.Settled(position);
        return reply;
    }

    public static async Task<PositionId> OpensCross(this Scenario s, TraderSteps trader, string market, PositionSide side, decimal collateral, decimal leverage) =>
        await s.TriesToOpenCross(trader, market, side, collateral, leverage) is PositionCommandAccepted accepted
            ? accepted.PositionId
            : throw new ScenarioStepRefused($"cross open of {market} was refused");

    public static async Task<TraderSteps> DepositsAsset(this Scenario s, TraderSteps trader, string asset, decimal amount)
    {
        await s.Ask<AccountCommandAccepted>(s.Node.Accounts, new DepositAsset(trader.Id, RequestId.New(), AssetId.From(asset), amount, s.Now));
        return trader;
    }

    public static async Task<object> WithdrawsAsset(this Scenario s, TraderSteps trader, string asset, decimal amount) =>
        await s.Ask<object>(s.Node.Accounts, new WithdrawAsset(trader.Id, RequestId.New(), AssetId.From(asset), amount, s.Now) { Marks = await s.Marks() });

    public static async Task<CrossMarginResponse> Margin(this Scenario s, TraderSteps trader) =>
        await s.Ask<CrossMarginResponse>(s.Node.Accounts, new GetCrossMargin(trader.Id, await s.Marks()));
}
