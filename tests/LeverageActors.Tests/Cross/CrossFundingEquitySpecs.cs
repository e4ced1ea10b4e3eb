using LeverageActors.Actors.Pools;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Pools;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Cross;

/// <summary>
/// Cross equity counts the funding each cross position owes or is owed at its pool's indexes, as an
/// isolated position's equity does: a payer whose funding eats its account's margin is liquidated
/// before its settlement finds the account in debt; funding owed to a position backs it but, like a
/// gain, does not leave the account before it is paid. Before, cross equity left funding out until
/// the settlement, so the account below went into debt that the pools' shortfall cover paid.
/// </summary>
public sealed class CrossFundingEquitySpecs
{
    private static readonly AccountId Keeper = AccountId.From("keeper");

    /// <summary>
    /// ETH at 2,000 with funding at the recommended factor; 60,000 of cross longs against 20,000 of
    /// shorts, so the longs pay 1e-8 × 0.5 a second of their notional: ~778 over 30 days.
    /// </summary>
    private static (ExchangeStory S, AccountId Long, AccountId Short, PositionId Crossed) Skewed()
    {
        var s = new ExchangeStory(FundingSpecs.WithFunding());
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        s.X.Send(new OpenAccount(Keeper, RequestId.New(), s.Now));
        // 1,300 backs 60,000 at the market's 2 %: 1,200 required, 1,240 of equity after both fees.
        var along = s.Funded("long", 1_300m);
        var crossed = s.OpensCrossLong(along, ExchangeStory.Eth, 40_000m, 1.5m);
        var bshort = s.Funded("short", 5_000m);
        s.Opens(bshort, PositionSide.Short, 2_000m, 10m);
        s.Advance(TimeSpan.FromDays(30));
        s.PriceIs(2_000m);
        return (s, along, bshort, crossed);
    }

    private static CrossMarginResponse Margin(ExchangeStory s, AccountId account) =>
        Assert.IsType<CrossMarginResponse>(s.X.Send(new GetCrossMargin(account, s.Marks())));

    [Fact]
    public void A_cross_payer_whose_funding_eats_its_margin_is_liquidated_on_it_alone()
    {
        var (s, along, _, crossed) = Skewed();
        var pool = s.Pool().AccruedTo(s.Now);
        var owed = FundingMath.Owed(30m, 2_000m, s.Position(crossed).FundingIndexAtOpen, pool.Funding.LongIndex);
        Assert.True(owed > 700m, $"30 days of funding should be about 778, is {owed}");

        var margin = Margin(s, along);
        Assert.Equal(owed, Assert.Single(margin.Positions).Funding);
        // ~1,270 of USD − ~778 of funding − the interest and closing fee: below the 600 of maintenance, the price never moved.
        Assert.True(margin.Equity < margin.MaintenanceRequirement, $"equity {margin.Equity}, maintenance {margin.MaintenanceRequirement}");

        var checkedNow = Assert.IsType<CrossAccountChecked>(s.X.Send(new CheckCrossAccount(along, s.Marks(), Keeper, s.Now)));
        Assert.True(checkedNow.UnderLiquidation);
        Assert.Equal(margin.Equity, checkedNow.Equity);
        s.BooksBalance();
        Assert.Empty(AuditedJournal.Of(s.X.Journal, FundingSpecs.WithFunding()).Violations);
    }

    [Fact]
    public void A_confirmation_recording_another_funding_index_than_the_position_sent_is_named_by_the_audit()
    {
        var (s, _, _, _) = Skewed();

        // A forger moves the index a cross long's funding runs from up to now's: its account would count none owed.
        var journal = AuditedJournal.Edited(s, e => e is CrossPositionConfirmed c ? c with { FundingIndex = s.Pool().AccruedTo(s.Now).Funding.LongIndex } : e);

        Assert.Contains(AuditedJournal.Of(journal, FundingSpecs.WithFunding()).Violations, v => v.Rule == "transfer");
    }

    [Fact]
    public void Funding_owed_to_a_cross_position_backs_it_but_does_not_leave_the_account_before_it_is_paid()
    {
        var s = new ExchangeStory(FundingSpecs.WithFunding());
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        s.Opens(s.Funded("long", 20_000m), PositionSide.Long, 6_000m, 10m);
        var bshort = s.Funded("short", 5_000m);
        var crossed = Assert.IsType<PositionCommandAccepted>(s.X.Send(new OpenPosition(PositionId.New(), bshort, RequestId.New(), ExchangeStory.Eth,
            PositionSide.Short, 2_000m, 10m, s.Price(), s.Now) { Cross = true, Marks = s.Marks() })).PositionId;
        s.Advance(TimeSpan.FromDays(30));
        s.PriceIs(2_000m);

        var margin = Margin(s, bshort);

        var funding = Assert.Single(margin.Positions).Funding;
        Assert.True(funding < -700m, $"the short should be owed about 778, is owed {-funding}");
        Assert.Equal(crossed, margin.Positions[0].PositionId);
        // The price never moved: what initial equity counts beyond withdrawal equity is the funding owed to it.
        Assert.Equal(-funding, margin.InitialEquity - margin.WithdrawalEquity);
    }
}
