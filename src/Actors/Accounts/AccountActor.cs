using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using LeverageActors.Actors.Accounts.Liquidation;
using LeverageActors.Actors.Common;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Positions;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Accounts;

/// <summary>The sharded entity <c>account-{id}</c> around <see cref="AccountState"/>.</summary>
public sealed class AccountActor(AccountId id, MarketCatalog catalog, EntityRouter router)
    : EntityActor<AccountState, ILeverageEvent>(PersistenceIds.Account(id), AccountState.Initial(id, catalog), Tags, router)
{
    private static readonly ImmutableTags Tags = new("account");

    /// <summary>Taken at the first publication: most accounts never publish, and an account runs without a cluster too.</summary>
    private IActorRef? _mediator;

    private readonly ExecutionHolds _holds = new();

    /// <summary>An account under the default markets' collateral assets.</summary>
    public AccountActor(AccountId id, EntityRouter router)
        : this(id, MarketCatalog.Default, router)
    {
    }

    protected override object KeepAlive => new GetAccountBalance(id);

    /// <summary>Holds for requests waiting for their next price are kept and released here, outside the journaled state.</summary>
    protected override bool Holds(object message)
    {
        switch (message)
        {
            case HoldForExecution hold:
                // A request the account already knows (a retry after its answer was lost) spends nothing more: no hold.
                var refused = Known(hold) ? null
                    : State.SpendsRefused ?? _holds.Hold(hold, State.FreeBalance, Margin(() => State, hold.Marks, hold.At, cross: hold.CrossMarginNeeded is not null));
                Sender.Tell(refused is null
                    ? new ExecutionHeld(hold.AccountId, hold.RequestId)
                    : new AccountCommandRejected(hold.AccountId, hold.RequestId, refused));
                return true;
            case ReleaseExecutionHold release:
                _holds.Release(release.RequestId, release.Lease);
                return true;
            // The state's own refusals (a closed transfer, an account not open or being liquidated) keep their reasons.
            case LockCollateral c when !State.Holds.ContainsKey(c.TransferId) && !State.ClosedTransfers.Contains(c.TransferId) && State.SpendsRefused is null:
                return RefusedToSaga(c, _holds.Spend(State.FreeBalance, c.Amount, c.At,
                    h => h.Position == c.PositionId && h.CrossMarginNeeded is null,
                    Margin(() => CrossMargin.Less(State, c.Amount), c.Marks, c.At)));
            case AdmitCrossPosition c when !State.Holds.ContainsKey(c.TransferId) && !State.ClosedTransfers.Contains(c.TransferId) && State.SpendsRefused is null:
                // Any admission is judged by cross margin, so it leaves every earlier request its share.
                return RefusedToSaga(c, _holds.Spend(State.FreeBalance, c.OpenFee, c.At,
                    h => h.Position == c.PositionId && h.CrossMarginNeeded is not null,
                    Margin(() => CrossMargin.Admitted(State, c.PositionId, c.Terms, c.OpenFee), c.Marks, c.At, cross: true)));
            default:
                return false;
        }
    }

    /// <summary>
    /// A withdrawal (of USD or of an asset) or an LP deposit that would take funds held for another waiting request is
    /// refused, and nothing is recorded; one the state already knows, or refuses whatever is held (a
    /// reused key, an account not open or being liquidated), is answered as before, by it.
    /// </summary>
    protected override object? Intercept(object message) => message switch
    {
        IAccountCommand c when State.SpendsRefused is not null || RequestIntent.Reused(State.Intents, c.RequestId, c) is not null => null,
        WithdrawFunds w when !State.AppliedRequests.Contains(w.RequestId) =>
            Refused(w, _holds.Spend(State.FreeBalance, w.Amount, w.At, _ => false, Margin(() => CrossMargin.Less(State, w.Amount), w.Marks, w.At))),
        ProvideLiquidity p when !State.AppliedRequests.Contains(p.RequestId) && !State.PoolRequests.ContainsKey(p.RequestId)
            && !State.PoolRequestOutcomes.ContainsKey(p.RequestId) =>
            Refused(p, _holds.Spend(State.FreeBalance, p.Amount, p.At, h => h.RequestId == p.RequestId,
                Margin(() => CrossMargin.Less(State, p.Amount), p.Marks, p.At))),
        // Takes no USD, but lowers the cross equity a waiting request may need; one the state would refuse is left to it.
        WithdrawAsset a when !State.AppliedRequests.Contains(a.RequestId) && a.Amount > 0 && a.Amount <= State.Holding(a.Asset).Balance =>
            Refused(a, _holds.Spend(State.FreeBalance, 0m, a.At, _ => false, Margin(() => CrossMargin.Less(State, 0m, a.Asset, a.Amount), a.Marks, a.At))),
        _ => null,
    };

    /// <summary>
    /// The account's cross equity above its requirement after a spend (<paramref name="after"/>), for
    /// the holds to keep their share of it, where cross margin decides: a cross open waits, the
    /// account holds cross positions, or the spend is itself a cross one (<paramref name="cross"/>).
    /// Elsewhere only USD is held, and null.
    /// </summary>
    private Func<CrossValuation, decimal?>? Margin(Func<AccountState> after, IReadOnlyList<MarketMark>? marks, DateTimeOffset at, bool cross = false) =>
        cross || _holds.AnyCrossAt(at) || !State.CrossPositions.IsEmpty ? kind => CrossMargin.Headroom(after(), marks, kind) : null;

    /// <summary>
    /// A lock or a cross admission refused for what is held goes to the position's saga as the state
    /// refuses, once the events it was decided after are durable. The saga records it as its
    /// request's outcome for good, so a valuation no fresh price gave is refused as the state refuses
    /// a spend it cannot value (a stale-price answer says "send it again", which that request id never could).
    /// </summary>
    private bool RefusedToSaga(IAccountTransferCommand c, Rejection? taken)
    {
        if (taken is null)
            return false;
        if (taken.Code == RejectionCodes.StalePrice)
            taken = taken with { Code = c is AdmitCrossPosition ? RejectionCodes.InsufficientCrossMargin : RejectionCodes.WithdrawalBreachesMargin };
        var refusal = new CollateralLockRefused(c.PositionId, c.TransferId, taken);
        DeferAsync(refusal, r => Router.Tell(EntityKinds.Position.At(c.PositionId), r, Self));
        return true;
    }

    private bool Known(HoldForExecution hold) =>
        State.AppliedRequests.Contains(hold.RequestId) || State.PoolRequests.ContainsKey(hold.RequestId)
        || State.PoolRequestOutcomes.ContainsKey(hold.RequestId)
        || hold.Position is { } position && (State.Holds.ContainsKey(PositionNumbers.OpenTransfer(position))
            || State.ClosedTransfers.Contains(PositionNumbers.OpenTransfer(position)));

    private static AccountCommandRejected? Refused(IAccountCommand command, Rejection? refusal) =>
        refusal is null ? null : new AccountCommandRejected(command.AccountId, command.RequestId, refusal);

    /// <summary>
    /// A liquidation's collateral sales and shortfall covers go to the live feed, without the account;
    /// a revocation of keys to every node's API, which stops trusting the account's keys it verified.
    /// </summary>
    protected override void OnPersisted(ILeverageEvent evt, AccountState before, AccountState after)
    {
        if (AccountLiquidationActivityOf.Event(evt, before) is { } activity)
            Mediator.Tell(new Publish(AccountLiquidationActivity.Topic(activity.Market), activity));
        if (evt is ApiKeysRevoked revoked)
            Mediator.Tell(new Publish(ApiKeysRevokedNotice.Topic, new ApiKeysRevokedNotice(revoked.AccountId)));
    }

    private IActorRef Mediator => _mediator ??= DistributedPubSub.Get(Context.System).Mediator;
}
