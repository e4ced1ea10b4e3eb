using System.Collections.Immutable;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Assets;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Assets;

/// <summary>
/// How much of one collateral asset all accounts hold together, kept by the one entity
/// <c>asset-{id}</c>: a cap holds across the cluster only where one writer decides every deposit
/// against it. An account asks before it credits a deposit and tells after it pays a withdrawal,
/// so <see cref="Deposited"/> never lags behind a credit (a deposit cannot slip past the cap) and
/// only leads a withdrawal for as long as the release is on its way. Every decision is recorded and
/// final: the account re-sends a request until answered and keeps the first answer, so a copy that
/// arrived after room was freed must get the same refusal, or the ledger would count a deposit the
/// account never credited.
/// </summary>
public sealed record AssetLedgerState : IEntityState<AssetLedgerState, IAssetLedgerEvent>
{
    public required AssetId Asset { get; init; }

    /// <summary>From today's configuration, not from the journal: a cap decides admissions, never replays an amount.</summary>
    public decimal Cap { get; init; }

    public decimal Deposited { get; init; }

    /// <summary>Deposits admitted and withdrawals released, by account and request: each counted once, whatever the retries.</summary>
    public ImmutableHashSet<(AccountId, RequestId)> Admitted { get; init; } = [];

    public ImmutableHashSet<(AccountId, RequestId)> Released { get; init; } = [];

    /// <summary>Deposits refused at the cap, with the refusal every copy of the request gets.</summary>
    public ImmutableDictionary<(AccountId, RequestId), Rejection> Declined { get; init; } =
        ImmutableDictionary<(AccountId, RequestId), Rejection>.Empty;

    /// <summary>An asset not configured here has no room at all.</summary>
    public static AssetLedgerState Initial(AssetId asset, MarketCatalog catalog) =>
        new() { Asset = asset, Cap = catalog.Collateral.Find(asset)?.Parameters.DepositCap ?? 0m };

    public IReadOnlyList<object> Outbox => [];

    public object? ReplyFor(RequestId request) => null;

    public AssetLedgerView View() => new(Asset, Deposited, Cap);

    public Handling<AssetLedgerState, IAssetLedgerEvent> Handle(object message) => message switch
    {
        GetAssetLedger => Handling<AssetLedgerState, IAssetLedgerEvent>.Answer(View()),
        AdmitAssetDeposit c => Admit(c),
        ReleaseAssetDeposit c => Release(c),
        _ => Handling<AssetLedgerState, IAssetLedgerEvent>.Ignore,
    };

    private Handling<AssetLedgerState, IAssetLedgerEvent> Admit(AdmitAssetDeposit c)
    {
        var account = EntityKinds.Account.At(c.Account);
        var admitted = new AssetDepositAnswered(c.Account, c.RequestId, Asset);
        if (Admitted.Contains((c.Account, c.RequestId)))
            return Handling<AssetLedgerState, IAssetLedgerEvent>.Tell(account, admitted);
        if (Declined.TryGetValue((c.Account, c.RequestId), out var declined))
            return Handling<AssetLedgerState, IAssetLedgerEvent>.Tell(account, admitted with { Refusal = declined });
        if (Deposited + c.Amount > Cap)
        {
            var refusal = new Rejection(RejectionCodes.DepositCapReached,
                $"Accounts hold {Deposited} {Asset} of its cap of {Cap}: {c.Amount} more does not fit.");
            return Handling<AssetLedgerState, IAssetLedgerEvent>.Persist(new AssetDepositDeclined(Asset, c.Account, c.RequestId, c.Amount, refusal, c.At))
                with { Reply = _ => admitted with { Refusal = refusal }, ReplyTo = account };
        }

        return Handling<AssetLedgerState, IAssetLedgerEvent>.Persist(new AssetDepositAdmitted(Asset, c.Account, c.RequestId, c.Amount, c.At))
            with { Reply = _ => admitted, ReplyTo = account };
    }

    private Handling<AssetLedgerState, IAssetLedgerEvent> Release(ReleaseAssetDeposit c)
    {
        var account = EntityKinds.Account.At(c.Account);
        var acknowledged = new AssetReleaseAcknowledged(c.Account, c.RequestId, Asset);
        return Released.Contains((c.Account, c.RequestId))
            ? Handling<AssetLedgerState, IAssetLedgerEvent>.Tell(account, acknowledged)
            : Handling<AssetLedgerState, IAssetLedgerEvent>.Persist(new AssetDepositReleased(Asset, c.Account, c.RequestId, c.Amount, c.At))
                with { Reply = _ => acknowledged, ReplyTo = account };
    }

    public AssetLedgerState Apply(IAssetLedgerEvent evt) => evt switch
    {
        AssetDepositAdmitted e => this with { Deposited = Deposited + e.Amount, Admitted = Admitted.Add((e.Account, e.RequestId)) },
        AssetDepositReleased e => this with { Deposited = Deposited - e.Amount, Released = Released.Add((e.Account, e.RequestId)) },
        AssetDepositDeclined e => this with { Declined = Declined.SetItem((e.Account, e.RequestId), e.Reason) },
        _ => throw new ArgumentOutOfRangeException(nameof(evt), evt.GetType().Name, "Unknown asset ledger event"),
    };
}
