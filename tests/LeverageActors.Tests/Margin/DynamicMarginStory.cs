using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Margin;

/// <summary>
/// ETH-USD with dynamic margin at the defaults (z = 3, a 60 s horizon, a 60 s grace) told to the
/// pure states: a 40x long at 2,000, then a minute-by-minute path swinging about 1.2% a minute, so
/// the sixth price records a volatility and with it a maintenance near 3.6%.
/// </summary>
public sealed class DynamicMarginStory
{
    public static readonly MarketId Eth = ExchangeStory.Eth;

    /// <summary>One source, so each price the story reports is one accepted price and one return.</summary>
    public static readonly OracleParameters Fixed = OracleParameters.Default with { Sources = ["source-a"], Quorum = 1 };

    public static readonly OracleParameters Dynamic = Fixed with { Margin = new DynamicMargin() };

    /// <summary>The swing: returns of about +1%, −1.2%, +1.2%, −1.3%, +1.2% a minute after 2,000.</summary>
    public static readonly decimal[] Swing = [2_020m, 1_995m, 2_018m, 1_992m, 2_015m];

    public static MarketCatalog Catalog(bool dynamic, PredictiveLiquidation? predictive = null) =>
        new(MarketCatalog.Default.Markets, new Dictionary<MarketId, OracleParameters>
        {
            [Eth] = !dynamic ? Fixed : predictive is null ? Dynamic : Fixed with { Margin = new DynamicMargin { Predictive = predictive } },
        });

    public DynamicMarginStory(bool dynamic = true, PredictiveLiquidation? predictive = null)
    {
        S = new ExchangeStory(Catalog(dynamic, predictive));
        S.PriceIs(2_000m);
        S.Provide(S.Funded("lp", 1_000_000m), 1_000_000m);
        Trader = S.Funded("trader", 100_000m);
        Long = S.Opens(Trader, PositionSide.Long, 1_000m, 40m);
    }

    public ExchangeStory S { get; }

    public AccountId Trader { get; }

    public PositionId Long { get; }

    /// <summary>The swing, a minute apart; returns the time of its last price.</summary>
    public DateTimeOffset Swings()
    {
        foreach (var price in Swing)
        {
            S.Advance(TimeSpan.FromMinutes(1));
            S.PriceIs(price);
        }

        return S.Now;
    }

    public List<T> Recorded<T>() => S.X.Journal.Select(e => e.Event).OfType<T>().ToList();

    /// <summary>What the oracle publishes with its latest price.</summary>
    public MarginInForce? InForce() => S.Oracle().Margin.At(S.Oracle().PriceAt!.Value);

    /// <summary>The risk index's check at the latest price, carrying the margin published with it.</summary>
    public void Check(PositionId id)
    {
        var oracle = S.Oracle();
        S.X.Send(new CheckMargin(id, oracle.Price!.Value, S.Pool().AccruedTo(S.Now).BorrowIndex, oracle.Sequence, S.Now) { Margin = InForce() });
    }

    /// <summary>A liquidator's command at the latest price with <paramref name="margin"/> (by default the one published).</summary>
    public LiquidationAnswer Liquidate(PositionId id, MarginInForce? margin = null)
    {
        var liquidator = AccountId.From("liquidator");
        S.X.Send(new Messages.Accounts.OpenAccount(liquidator, RequestId.From("open-liquidator"), S.Now));
        var position = S.Position(id);
        var oracle = S.Oracle();
        return (LiquidationAnswer)S.X.Send(new Messages.Positions.Liquidate(id, position.OpenBreach?.Breach ?? position.BreachCount, liquidator,
            oracle.Price!.Value, oracle.Sequence, oracle.PriceAt!.Value, S.Pool().AccruedTo(S.Now).BorrowIndex, S.Now) { Margin = margin ?? InForce() })!;
    }
}
