using LeverageActors.Actors.Assets;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Assets;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Tests.Accounts;

/// <summary>The ledger of one asset on its own: admissions under the cap, and decisions that never change on a retry.</summary>
public class AssetLedgerStateSpecs
{
    private static readonly AssetId Eth = AssetId.From("ETH");
    private static readonly AccountId Alice = AccountId.From("alice");
    private static readonly AccountId Bob = AccountId.From("bob");
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static AssetLedgerState CappedAt10() => AssetLedgerState.Initial(Eth, MarketCatalog.Default) with { Cap = 10m };

    /// <summary>The state after the message, and the ledger's answer to the account.</summary>
    private static (AssetLedgerState State, object? Answer) Step(AssetLedgerState state, object message)
    {
        var handling = state.Handle(message);
        var after = handling.Events.Aggregate(state, (s, e) => s.Apply(e));
        return (after, handling.Reply?.Invoke(after));
    }

    [Fact]
    public void A_deposit_refused_at_the_cap_stays_refused_when_a_late_copy_arrives_after_room_was_freed()
    {
        var state = CappedAt10();
        (state, _) = Step(state, new AdmitAssetDeposit(Eth, Alice, RequestId.From("a1"), 8m, T0));
        var bobs = new AdmitAssetDeposit(Eth, Bob, RequestId.From("b1"), 4m, T0);

        (state, var first) = Step(state, bobs);
        (state, _) = Step(state, new ReleaseAssetDeposit(Eth, Alice, RequestId.From("w1"), 8m, T0));
        (state, var copy) = Step(state, bobs);

        Assert.Equal(RejectionCodes.DepositCapReached, Assert.IsType<AssetDepositAnswered>(first).Refusal!.Code);
        Assert.Equal(first, copy);
        Assert.Equal(0m, state.Deposited);
    }

    [Fact]
    public void A_copy_of_an_admitted_deposit_or_of_a_release_counts_once()
    {
        var state = CappedAt10();
        var deposit = new AdmitAssetDeposit(Eth, Alice, RequestId.From("a1"), 6m, T0);
        var release = new ReleaseAssetDeposit(Eth, Alice, RequestId.From("w1"), 2m, T0);

        (state, var admitted) = Step(state, deposit);
        (state, var again) = Step(state, deposit);
        (state, _) = Step(state, release);
        var (after, acknowledged) = Step(state, release);

        Assert.Null(Assert.IsType<AssetDepositAnswered>(admitted).Refusal);
        Assert.Equal(admitted, again);
        Assert.IsType<AssetReleaseAcknowledged>(acknowledged);
        Assert.Equal(4m, after.Deposited);
        Assert.Empty(after.Handle(release).Events);
    }

    [Fact]
    public void An_asset_configured_nowhere_has_no_room()
    {
        var state = AssetLedgerState.Initial(AssetId.From("DOGE"), MarketCatalog.Default);

        var (_, answer) = Step(state, new AdmitAssetDeposit(state.Asset, Alice, RequestId.From("a1"), 0.000001m, T0));

        Assert.Equal(RejectionCodes.DepositCapReached, Assert.IsType<AssetDepositAnswered>(answer).Refusal!.Code);
    }
}
