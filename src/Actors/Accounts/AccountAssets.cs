using System.Collections.Immutable;
using LeverageActors.Actors.Accounts.Operations;
using LeverageActors.Actors.Assets;
using LeverageActors.Actors.Common;
using LeverageActors.Actors.Entities;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Accounts;

/// <summary>
/// An account's collateral assets other than USD: a balance per asset, deposits that wait for room
/// under the asset's cap and withdrawals its ledger has yet to hear of. Each asset moves only by its
/// own deposits and withdrawals; nothing converts one asset into another (liquidation sales will).
/// </summary>
public sealed partial record AccountState
{
    /// <summary>The assets this account may hold and their caps' ledgers, from the catalog it runs under.</summary>
    public CollateralAssets Collateral { get; init; } = Markets.MarketCatalog.Default.Collateral;

    public ImmutableDictionary<AssetId, AssetHolding> Holdings { get; init; } = ImmutableDictionary<AssetId, AssetHolding>.Empty;

    /// <summary>Asset deposits and withdrawals the ledgers have yet to answer.</summary>
    public ImmutableDictionary<RequestId, AssetRequest> AssetRequests { get; init; } = ImmutableDictionary<RequestId, AssetRequest>.Empty;

    /// <summary>How each finished asset deposit ended, to answer its retries.</summary>
    public ImmutableDictionary<RequestId, object> AssetOutcomes { get; init; } = ImmutableDictionary<RequestId, object>.Empty;

    public static AccountState Initial(AccountId id, CollateralAssets collateral) => Initial(id) with { Collateral = collateral };

    public AssetHolding Holding(AssetId asset) => Holdings.GetValueOrDefault(asset) ?? new AssetHolding();

    /// <summary>Every asset ever held, by name; null when none, so a USD-only account's view is what it always was.</summary>
    private IReadOnlyList<AssetBalance>? AssetBalances() =>
        Holdings.IsEmpty
            ? null
            : [.. Holdings.OrderBy(h => h.Key.Value, StringComparer.Ordinal).Select(h => new AssetBalance(h.Key, h.Value.Balance, h.Value.Deposited, h.Value.Withdrawn))];

    /// <summary>Deposits before withdrawals, each by request id.</summary>
    private IEnumerable<object> AssetOutbox =>
        AssetRequests.Values.OrderBy(r => r is AssetWithdrawal).ThenBy(r => r.RequestId.Value, StringComparer.Ordinal).Select(r => r.Message);

    private Rejection? UnknownAsset(AssetId asset) =>
        Collateral.Find(asset) is null
            ? new Rejection(RejectionCodes.UnknownAsset,
                $"'{asset}' is not a collateral asset here; assets: {string.Join(", ", Collateral.Names)}"
                + (asset == AssetId.Usd ? " (USD moves by the plain deposit and withdrawal)." : "."))
            : null;

    private Handling<AccountState, ILeverageEvent> DecideAsset(IAccountCommand command) => command switch
    {
        DepositAsset c => (UnknownAsset(c.Asset) ?? AmountRules.Check(c.Amount)) is { } refused
            ? Reject(c, refused)
            : new([new AssetDepositStarted(Id, c.RequestId, c.Asset, c.Amount, c.At)], Awaits: c.RequestId),
        WithdrawAsset c => (UnknownAsset(c.Asset) ?? CollateralWithdrawal.Check(this, c.Asset, c.Amount, c.Marks)) is { } refused
            ? Reject(c, refused)
            : Accept(c, new AssetWithdrawn(Id, c.RequestId, c.Asset, c.Amount, c.At) { Marks = DecidedAt(c.Marks) }),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not an asset command"),
    };

    private Handling<AccountState, ILeverageEvent> AnswerAssetRequest(RequestId request, object reply) =>
        AssetRequests.TryGetValue(request, out var pending) && pending.Answer(reply) is { } evt
            ? Persist(evt)
            : Handling<AccountState, ILeverageEvent>.Ignore;

    /// <summary>The account after one of its asset events; null for any other event.</summary>
    private AccountState? ApplyAsset(ILeverageEvent evt) => evt switch
    {
        AssetDepositStarted e => this with { AssetRequests = AssetRequests.SetItem(e.RequestId, new AssetDeposit(e)) },
        AssetDeposited e => FinishAsset(e.RequestId, new AccountCommandAccepted(Id, e.RequestId, FreeBalance, false)
        {
            Asset = new AssetBalanceNow(e.Asset, Holding(e.Asset).Deposit(e.Amount).Balance),
        }) with
        {
            Holdings = Holdings.SetItem(e.Asset, Holding(e.Asset).Deposit(e.Amount)),
        },
        AssetDepositRefused e => FinishAsset(e.RequestId, new AccountCommandRejected(Id, e.RequestId, e.Reason)),
        AssetWithdrawn e => this with
        {
            Holdings = Holdings.SetItem(e.Asset, Holding(e.Asset).Withdraw(e.Amount)),
            AssetRequests = AssetRequests.SetItem(e.RequestId, new AssetWithdrawal(e)),
        },
        AssetWithdrawalSettled e => this with { AssetRequests = AssetRequests.Remove(e.RequestId) },
        _ => null,
    };

    private AccountState FinishAsset(RequestId request, object outcome) =>
        this with { AssetRequests = AssetRequests.Remove(request), AssetOutcomes = AssetOutcomes.SetItem(request, outcome) };
}
