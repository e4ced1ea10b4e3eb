using LeverageActors.Actors.Accounts;
using LeverageActors.Actors.Accounts.Liquidation;
using LeverageActors.Actors.Common;
using LeverageActors.Actors.Invariants;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Oracles;
using LeverageActors.Actors.Pools;
using LeverageActors.Actors.Positions;
using LeverageActors.Actors.Simulation;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Assets;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Journal;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Risk;
using LeverageActors.Messages.Serialization;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// Replays a journal, row by row in write order, through the same pure states the actors run, and
/// checks as it goes: rows are whole and in sequence; every transfer an account applies is one a
/// position asked for, for the same amount; every settlement is recomputed from the position's terms
/// and every LP mint and redemption decided again (never trusted); every price acted on is one the
/// oracle accepted, fresh; every pool deposit matches the account's; no balance goes negative; no
/// collateral left a breached position; every breach and liquidation was below maintenance at its
/// price, recomputed; every auto-deleveraging was triggered and followed the ranking
/// (<see cref="DeleverageRule"/>); every early deleverage was below its level at the requirement in
/// force, closed the fraction that restores the at-risk level and paid the configured penalty
/// (<see cref="EarlyDeleverageRule"/>). At the end, DESIGN §4 invariants 1–3 and the pools' records of
/// their positions.
/// </summary>
public sealed class AuditLedger
{
    private readonly MarketCatalog _catalog;
    private readonly JournalFold _fold;
    private readonly PriceRules _prices;
    private readonly BreakerRule _breaker = new();
    /// <summary>Each oracle's row before the one being read: where a margin record may stand (<see cref="MarginRule"/>).</summary>
    private readonly Dictionary<MarketId, IOracleEvent> _lastOracleRow = [];
    private readonly CrossClosureOrderRule _closureOrders = new();
    private readonly Dictionary<string, long> _sequences = new();
    private readonly Dictionary<TransferId, IAccountTransferCommand> _requested = new();
    private readonly Dictionary<(PositionId, int), Settlement> _settled = new();
    /// <summary>What each LP request asked of the pool, as its account recorded it: the amount or shares, at a price.</summary>
    private readonly Dictionary<(AccountId, RequestId), (decimal Units, decimal Price, DateTimeOffset At)> _poolDeposits = new();
    private readonly Dictionary<(AccountId, RequestId), (decimal Units, decimal Price, DateTimeOffset At)> _poolRedemptions = new();
    /// <summary>Each share of a shortfall an account ordered of a pool, then what the pool paid of it: by the share's transfer.</summary>
    private readonly Dictionary<TransferId, (AccountId Account, MarketId Market, decimal Amount)> _shortfallShares = new();
    private readonly Dictionary<TransferId, (AccountId Account, MarketId Market, decimal FromInsurance, decimal FromLiquidity)> _shortfallPaid = new();
    /// <summary>The pools whose deposits are priced with their fee in the pool's value since one was (<see cref="LiquidityAdded.PricedWithFee"/>).</summary>
    private readonly HashSet<MarketId> _pricedWithFee = [];

    /// <summary>Markets whose deposits have counted a cross position's loss in full (<see cref="LiquidityAdded.CrossLossesCounted"/>).</summary>
    private readonly HashSet<MarketId> _crossLossesCounted = [];



    /// <summary>The pools whose withdrawals are held to the caps since one was (<see cref="LiquidityRemoved.WithinCaps"/>).</summary>
    private readonly HashSet<MarketId> _withdrawalsCapped = [];
    private readonly Dictionary<(AccountId, RequestId), decimal> _poolWithdrawals = new();
    private readonly Dictionary<(AccountId, RequestId), (AssetId, decimal)> _assetDepositsAsked = new();
    private readonly Dictionary<(AccountId, RequestId), (AssetId, decimal)> _assetDepositsAdmitted = new();
    private readonly Dictionary<(AccountId, RequestId), (AssetId, decimal)> _assetWithdrawals = new();
    private readonly HashSet<(AccountId, RequestId)> _assetDepositsDeclined = [];
    private readonly SortedDictionary<string, (decimal Deposits, decimal Withdrawals)> _assetTotals = new(StringComparer.Ordinal);
    private readonly Dictionary<TransferId, (AccountId Seller, AccountId Buyer, AssetId Asset, decimal Quantity, decimal Proceeds)> _saleOffers = new();
    private readonly Dictionary<TransferId, (AccountId Seller, AccountId Buyer, AssetId Asset, decimal Quantity, decimal Proceeds)> _salesBought = new();
    private readonly HashSet<(AccountId Seller, AccountId Buyer, TransferId Transfer)> _salesDeclined = [];
    private readonly Dictionary<string, decimal> _assetSold = new(StringComparer.Ordinal);
    private readonly List<AuditViolation> _violations = [];
    private readonly List<LiquidationProof> _proofs = [];
    private readonly DeleverageRule _deleverages = new();
    private long _events;
    private decimal _deposits;
    private decimal _withdrawals;
    private bool _totalsOutOfRange;

    public AuditLedger(MarketCatalog catalog)
    {
        _catalog = catalog;
        _fold = new JournalFold(catalog);
        _prices = new PriceRules(_fold);
    }

    public IReadOnlyList<AuditViolation> Violations => _violations;

    public IReadOnlyList<LiquidationProof> Liquidations => _proofs;

    public IReadOnlyList<DeleverageProof> Deleverages => _deleverages.Proofs;

    public DateTimeOffset LastEventAt { get; private set; }

    public IReadOnlyDictionary<AccountId, AccountState> Accounts => _fold.Accounts;

    public IReadOnlyDictionary<PositionId, PositionState> Positions => _fold.Positions;

    public IReadOnlyDictionary<MarketId, PoolState> Pools => _fold.Pools;

    /// <summary>Reads one row; an event later than <paramref name="asOf"/> is read but not applied.</summary>
    public ILeverageEvent? Read(JournalRow row, DateTimeOffset? asOf = null)
    {
        var expected = _sequences.GetValueOrDefault(row.PersistenceId) + 1;
        _sequences[row.PersistenceId] = row.SequenceNr;
        if (row.SequenceNr != expected)
            Violate("sequence", row.PersistenceId, row.SequenceNr, $"sequence number {expected}", $"{row.SequenceNr} (a row is missing or out of order)");
        if (row.Deleted)
            Violate("never-delete", row.PersistenceId, row.SequenceNr, "a live event", "an event marked deleted");
        if (row.SerializerId != LeverageSerializer.Id || row.Manifest is null)
        {
            Violate("serializer", row.PersistenceId, row.SequenceNr, $"serializer {LeverageSerializer.Id}", $"{row.SerializerId} / {row.Manifest}");
            return null;
        }

        object decoded;
        try
        {
            decoded = LeverageSerializer.Decode(row.Payload, row.Manifest);
        }
        catch (Exception e) when (e is System.Runtime.Serialization.SerializationException or System.Text.Json.JsonException)
        {
            Violate("unreadable", row.PersistenceId, row.SequenceNr, "an event the schema can read", e.Message);
            return null;
        }

        if (decoded is not ILeverageEvent evt)
        {
            Violate("schema", row.PersistenceId, row.SequenceNr, "an event", decoded.GetType().Name);
            return null;
        }

        var at = TimeOf(evt);
        if (asOf is { } limit && at > limit)
            return evt;
        if (at > LastEventAt)
            LastEventAt = at;
        _events++;
        try
        {
            Check(row, evt);
        }
        catch (Exception e) when (e is NullReferenceException or ArithmeticException or InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            // A row no node could write (a field nulled, an amount near decimal's limit) is named and
            // the audit reads on: a forger's one absurd row must not hide the rest of the forgery.
            Violate("unreadable", row.PersistenceId, row.SequenceNr, "an event the audit's rules can read", $"{evt.GetType().Name}: {e.Message}");
        }

        return evt;
    }

    private void Check(JournalRow row, ILeverageEvent evt)
    {
        if (StreamRule.Check(row.PersistenceId, evt) is { } misplaced)
            Violate(misplaced, row.PersistenceId, row.SequenceNr);
        var positionMarket = evt switch
        {
            PositionOpenRequested o => o.Market,
            IPositionEvent p when _fold.Positions.GetValueOrDefault(p.PositionId) is { } position => position.Market,
            _ => (MarketId?)null,
        };
        if (TagsRule.Check(row, evt, positionMarket) is { } untagged)
            Violate(untagged, row.PersistenceId, row.SequenceNr);
        Apply(row, evt);
    }

    /// <summary>
    /// Folds an event into its entity, or names it when the entity's history cannot take it (a
    /// settlement of a position the pool never reserved): no honest node writes one, so it is a
    /// finding, the entity's state stays as it was (what the rules noted of the event before its fold
    /// stays noted), and the audit reads on. A rule that throws on a row is named too (<see cref="Read"/>).
    /// </summary>
    private bool Folded(string pid, long seq, ILeverageEvent evt)
    {
        try
        {
            _fold.Apply(evt);
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or ArgumentException or ArithmeticException)
        {
            Violate("inconsistent", pid, seq, "an event the entity's history allows", $"{evt.GetType().Name}: {e.Message}");
            return false;
        }
    }

    private void Apply(JournalRow row, ILeverageEvent evt)
    {
        var (pid, seq) = (row.PersistenceId, row.SequenceNr);
        if (AmountRule.Check(evt) is { } amount)
            Violate(amount, pid, seq);
        switch (evt)
        {
            case IPositionEvent e:
                ApplyPosition(pid, seq, e);
                break;
            case IAccountEvent or IAccountTransferEvent or IAccountAssetEvent or IAccountLiquidationEvent:
                ApplyAccount(pid, seq, evt);
                break;
            case IPoolEvent e:
                ApplyPool(pid, seq, e);
                break;
            case IAssetLedgerEvent e:
                ApplyAssetLedger(pid, seq, e);
                break;
            case IOracleEvent e:
                if (e is PriceAccepted accepted)
                    _prices.Record(accepted, _fold.Oracles.GetValueOrDefault(accepted.Market) is { } oracle && (oracle.Parameters ?? oracle.Configured) is { } parameters
                        ? OracleState.HaltWith(oracle, accepted, parameters)
                        : null);
                if (OracleInputsRule.Check(e, _fold.Oracles.GetValueOrDefault(e.Market)) is { } misread)
                    Violate(misread.Rule, pid, seq, misread.Expected, misread.Found);
                if (_breaker.Check(e, _fold.Oracles.GetValueOrDefault(e.Market)) is { } unhalted)
                    Violate(unhalted.Rule, pid, seq, unhalted.Expected, unhalted.Found);
                // The pool records its halt before it acknowledges it: a delivery it never recorded let new risk and LP exits through (review).
                if (e is HaltDelivered delivered && !(_fold.Pools.GetValueOrDefault(delivered.Market)?.HaltedUntil >= delivered.Until))
                    Violate(BreakerRule.Rule, pid, seq, $"the pool's halt until {delivered.Until:O} recorded before its delivery",
                        $"the pool halted until {_fold.Pools.GetValueOrDefault(delivered.Market)?.HaltedUntil?.ToString("O") ?? "never"}");
                if (e is RiskModelsChanged models && RiskModelsRule.Check(models, _fold.Oracles.GetValueOrDefault(models.Market)) is { } unconfigured)
                    Violate(unconfigured.Rule, pid, seq, unconfigured.Expected, unconfigured.Found);
                if (e is VolatilityUpdated volatility && VolatilityRule.Check(volatility, _fold.Oracles.GetValueOrDefault(volatility.Market)) is { } wrong)
                    Violate(wrong.Rule, pid, seq, wrong.Expected, wrong.Found);
                if (e is MarginRequirementChanged margin)
                {
                    if (MarginRule.Check(margin, _fold.Oracles.GetValueOrDefault(margin.Market), _lastOracleRow.GetValueOrDefault(margin.Market)) is { } edited)
                        Violate(edited.Rule, pid, seq, edited.Expected, edited.Found);
                    _prices.Margins.Record(margin);
                }

                if (e is OracleCheckpointed checkpoint && OracleCheckpointRule.Check(checkpoint, _fold.Oracles.GetValueOrDefault(checkpoint.Market)) is { } forged)
                    Violate(forged.Rule, pid, seq, forged.Expected, forged.Found);
                Folded(pid, seq, e);
                _lastOracleRow[e.Market] = e;
                break;
            case LiquidatorOffsetCommitted or JournalDigestTaken:
                break;
            default:
                Violate("schema", pid, seq, "an entity event", evt.GetType().Name);
                break;
        }
    }

    private void ApplyPosition(string pid, long seq, IPositionEvent e)
    {
        var before = _fold.PositionBefore(e.PositionId);
        if (_prices.Check(e, before) is { } unproven)
            Violate(unproven, pid, seq);
        if (NextPriceRule.Check(e, before, _prices) is { } notNext)
            Violate(notNext, pid, seq);
        switch (e)
        {
            case LiquidationStarted started:
                Prove(pid, seq, before, started);
                break;
            case CrossLiquidationStarted crossStarted when _closureOrders.Check(crossStarted, before) is { } unordered:
                Violate(unordered, pid, seq);
                break;
            case AutoDeleverageStarted deleverage:
                foreach (var wrong in _deleverages.Check(deleverage, before))
                    Violate(wrong, pid, seq);
                break;
            case PositionBreached breached:
                var (equity, maintenance) = before.Margin(breached.Price, breached.BorrowIndex,
                    MarginRates.Liquidation(before.Parameters, MarginAt(breached.Market, breached.PriceSequence, breached.At)), breached.FundingIndex);
                if (equity != breached.Equity || maintenance != breached.Maintenance || equity >= maintenance)
                    Violate("breach-recomputed", pid, seq, $"equity {equity} below maintenance {maintenance} at {breached.Price}",
                        $"equity {breached.Equity}, maintenance {breached.Maintenance}");
                break;
            case PositionAtRisk warned when RiskWarningRule.Check(warned, before, MarginAt(warned.Market, warned.PriceSequence, warned.At),
                                                 _prices.Margins.ScaleAt(warned.Market, warned.PriceSequence)) is { } unjustified:
                Violate(unjustified.Rule, pid, seq, unjustified.Expected, unjustified.Found);
                break;
            case EarlyDeleverageStarted early when EarlyDeleverageRule.Check(early, before, _fold.Oracles.GetValueOrDefault(early.Market),
                                                       MarginAt(early.Market, early.PriceSequence, early.At), _prices.Margins.ScaleAt(early.Market, early.PriceSequence)) is { } unjustified:
                Violate(unjustified.Rule, pid, seq, unjustified.Expected, unjustified.Found);
                break;
            case PositionOpenRequested requested when OpenTermsRule.Check(requested) is { } terms:
                Violate(terms, pid, seq);
                break;
            case PositionOpened opened when OpenedAsReserved(opened, before) is { } differs:
                Violate(differs, pid, seq);
                break;
            case CollateralDecreased removed when before.UnderLiquidation:
                Violate("collateral-during-breach", pid, seq, "no collateral leaving a position with an unresolved breach",
                    $"{removed.Amount} removed during breach #{before.BreachCount}");
                break;
            case PositionSettlementCompleted done when !SameSettlement(done.PositionId, done.Number, done.Settlement):
                Violate("settlement", pid, seq, $"the pool's settlement {SettlementRecompute.Show(_settled.GetValueOrDefault((done.PositionId, done.Number)))}",
                    SettlementRecompute.Show(done.Settlement));
                break;
            case PositionLiquidated done when !SameSettlement(done.PositionId, done.Number, done.Settlement):
                Violate("settlement", pid, seq, $"the pool's settlement {SettlementRecompute.Show(_settled.GetValueOrDefault((done.PositionId, done.Number)))}",
                    SettlementRecompute.Show(done.Settlement));
                break;
            // Whether the account was below maintenance is the account's proof; here: the pool settled what the position records.
            case CrossPositionLiquidated done when !SameSettlement(done.PositionId, done.Number, done.Settlement):
                Violate("settlement", pid, seq, $"the pool's settlement {SettlementRecompute.Show(_settled.GetValueOrDefault((done.PositionId, done.Number)))}",
                    SettlementRecompute.Show(done.Settlement));
                break;
        }

        if (!Folded(pid, seq, e))
            return;
        var after = _fold.Positions[e.PositionId];
        foreach (var request in after.Outbox.OfType<IAccountTransferCommand>())
            _requested.TryAdd(request.TransferId, request);
        if (after.Collateral < 0 || after.Quantity < 0 || after.Reserved < 0)
            Violate("non-negative", pid, seq, "collateral, quantity and reserved ≥ 0", $"{after.Collateral}, {after.Quantity}, {after.Reserved}");
    }

    /// <summary>
    /// What an open records of its reservation against the pool's record of it: the end of the audit
    /// compares only positions still open, so an index changed on a position closed before it would
    /// have priced its interest, funding and impact unseen (a review's finding).
    /// </summary>
    private AuditFinding? OpenedAsReserved(PositionOpened e, PositionState before)
    {
        if (_fold.Pools.GetValueOrDefault(before.Market) is not { } pool || pool.Reservations.GetValueOrDefault(e.PositionId) is not { } r)
            return new AuditFinding("reservation-agrees", $"pool {before.Market}'s reservation of {e.PositionId}", "an open the pool never reserved");
        // The factor a cross settlement's funding bound is drawn by: the pool's, or none from a node of the
        // version before (positions are entities of their own: in a rolling upgrade an older node still opens some).
        var factor = pool.Parameters?.FundingRateFactor() ?? 0m;
        if (e.FundingFactor != 0 && e.FundingFactor != factor)
            return new AuditFinding("reservation-agrees", $"the pool's funding factor {factor}", $"{e.FundingFactor}");
        return (r.Collateral, r.BorrowIndex, r.PendingImpact, r.FundingIndex) == (e.Collateral, e.BorrowIndex, e.Impact, e.FundingIndex)
            ? null
            : new AuditFinding("reservation-agrees",
                $"collateral {r.Collateral}, borrow index {r.BorrowIndex}, impact {r.PendingImpact}, funding index {r.FundingIndex} as the pool reserved",
                $"{e.Collateral}, {e.BorrowIndex}, {e.Impact}, {e.FundingIndex}");
    }

    /// <summary>
    /// The liquidation recomputed at its price and borrow index: equity, maintenance and the fraction
    /// closed must be what the rules give, and equity below maintenance after a recorded breach.
    /// </summary>
    private void Prove(string pid, long seq, PositionState before, LiquidationStarted started)
    {
        var breach = before.OpenBreach;
        var index = started.BorrowIndex > 0 ? started.BorrowIndex : breach?.BorrowIndex ?? before.BorrowIndexAtOpen;
        var margin = MarginAt(before.Market, started.PriceSequence, started.PriceAt ?? started.At);
        var rate = MarginRates.Liquidation(before.Parameters, margin);
        var (equity, maintenance) = before.Margin(started.Price, index, rate, started.FundingIndex);
        var proof = new LiquidationProof(before.Id, before.Market, started.Breach, breach?.Price ?? 0, breach?.PriceSequence ?? 0,
            started.Price, equity, maintenance, started.Fraction, started.At, rate);
        _proofs.Add(proof);
        if (breach is null || !proof.Justified)
            Violate("justified-liquidation", pid, seq, $"equity below maintenance {maintenance} at {started.Price} after a recorded breach",
                breach is null ? "no breach recorded" : $"equity {equity}");
        var fraction = LiquidationMath.Fraction(equity, before.Quantity * started.Price, MarginRates.AtLiquidation(before.Parameters, margin));
        if (equity != started.Equity || maintenance != started.Maintenance || fraction != started.Fraction)
            Violate("liquidation-recomputed", pid, seq, $"equity {equity}, maintenance {maintenance}, fraction {fraction}",
                $"equity {started.Equity}, maintenance {started.Maintenance}, fraction {started.Fraction}");
    }

    private static string ShowSaleInFlight(AccountState? seller) =>
        seller?.Liquidation?.InFlight is CollateralSaleStep { Order: var o } ? $"{o.TransferId}: {o.Quantity} {o.Asset} to {o.Liquidator}" : "none in flight";

    private string ShowIndexes(PositionId position) =>
        _fold.Positions.GetValueOrDefault(position) is { } p ? $"borrow index {p.BorrowIndexAtOpen}, funding index {p.FundingIndexAtOpen}" : "no open position";

    /// <summary>The dynamic requirement in force with the oracle's price number <paramref name="sequence"/>, at that price's time.</summary>
    private Messages.Oracles.MarginInForce? MarginAt(MarketId market, long sequence, DateTimeOffset fallback) =>
        _prices.MarginAt(market, sequence, fallback);

    private void ApplyAccount(string pid, long seq, ILeverageEvent evt)
    {
        var id = JournalFold.AccountOf(evt);
        if (_prices.Check(evt) is { } unproven)
            Violate(unproven, pid, seq);
        if (NextPriceRule.Check(evt, null, _prices) is { } notNext)
            Violate(notNext, pid, seq);
        var accountBefore = _fold.Accounts.GetValueOrDefault(id);
        if (accountBefore is not null)
            foreach (var wrong in CrossMarginRule.Check(evt, accountBefore, _prices,
                         evt is IAccountTransferEvent t ? _requested.GetValueOrDefault(t.TransferId) : null))
                Violate(wrong, pid, seq);
        if (accountBefore is not null)
            foreach (var wrong in AccountLiquidationRule.Check(evt, accountBefore, _prices))
                Violate(wrong, pid, seq);
        if (evt is CrossPositionLiquidationOrdered order)
            _closureOrders.Ordered(order);
        if (evt is CrossPositionLiquidationRefused refusal && _closureOrders.Refused(refusal) is { } late)
            Violate(late, pid, seq);
        if (ApiKeyRule.Check(evt, accountBefore ?? AccountState.Initial(id)) is { } keys)
            Violate(keys, pid, seq);
        switch (evt)
        {
            case FundsDeposited d:
                _deposits = Added(_deposits, d.Amount);
                break;
            case FundsWithdrawn w:
                _withdrawals = Added(_withdrawals, w.Amount);
                break;
            case CollateralLocked l when !_requested.TryGetValue(l.TransferId, out var lockRequest)
                                         || lockRequest is not LockCollateral { } asked || asked.AccountId != id || asked.Amount != l.Amount:
                Violate("transfer", pid, seq, $"a lock a position asked of {id} ({Asked(l.TransferId)})", $"{l.TransferId}: {l.Amount}");
                break;
            case PositionCredited c when !_requested.TryGetValue(c.TransferId, out var creditRequest)
                                         || creditRequest is not CreditFromPosition { } owed || owed.AccountId != id || owed.Amount != c.Amount:
                Violate("transfer", pid, seq, $"a credit a position owed {id} ({Asked(c.TransferId)})", $"{c.TransferId}: {c.Amount}");
                break;
            // The indexes its interest and funding run from are the ones its open recorded (no funding index: a confirmation of the version before).
            case CrossPositionConfirmed c when _fold.Positions.GetValueOrDefault(c.PositionId) is not { } opened
                                               || opened.BorrowIndexAtOpen != c.BorrowIndex || c.FundingIndex is { } f && f != opened.FundingIndexAtOpen:
                Violate("transfer", pid, seq, $"the indexes {c.PositionId}'s open recorded: {ShowIndexes(c.PositionId)}",
                    $"{c.TransferId}: borrow index {c.BorrowIndex}, funding index {c.FundingIndex}");
                break;
            case PoolDepositStarted d:
                _poolDeposits[(id, d.RequestId)] = (d.Amount, d.Price, d.At);
                break;
            case PoolWithdrawalStarted w:
                _poolRedemptions[(id, w.RequestId)] = (w.Shares, w.Price, w.At);
                break;
            case AccountShortfallOrdered ordered:
                foreach (var share in ordered.Shares)
                {
                    // A pool answers a transfer once and then from its answer: a cover written ahead of
                    // its order (paying nothing while the pool was empty) would answer it for good.
                    if (_shortfallPaid.ContainsKey(share.TransferId))
                        Violate("shortfall-cover", pid, seq, $"a share ordered of {share.Market} under a transfer no pool had answered",
                            $"{share.TransferId}, answered before it was ordered");
                    _shortfallShares[share.TransferId] = (id, share.Market, share.Amount);
                }

                break;
            // What the account books is what the pool paid, from the pool's own row: each side alone was decided from itself.
            case AccountShortfallReceived got when _shortfallPaid.GetValueOrDefault(got.TransferId) != (id, got.Market, got.FromInsurance, got.FromLiquidity)
                                                   || got.Amount != got.FromInsurance + got.FromLiquidity:
                Violate("shortfall-cover", pid, seq, $"what pool {got.Market} paid of transfer {got.TransferId}: {ShowPaid(got.TransferId)}",
                    $"{got.Amount} ({got.FromInsurance} from insurance, {got.FromLiquidity} from the LPs)");
                break;
            case AssetDepositStarted d:
                _assetDepositsAsked[(id, d.RequestId)] = (d.Asset, d.Amount);
                break;
            case AssetDeposited d:
                if (_assetDepositsAdmitted.GetValueOrDefault((id, d.RequestId)) != (d.Asset, d.Amount))
                    Violate("asset-transfer", pid, seq, $"a deposit its ledger admitted: {Show(_assetDepositsAdmitted, id, d.RequestId)}", $"{d.Amount} {d.Asset}");
                Count(d.Asset, d.Amount, 0m);
                break;
            case AssetDepositRefused r when !_assetDepositsDeclined.Contains((id, r.RequestId)):
                Violate("asset-transfer", pid, seq, $"a deposit its ledger declined", $"{r.RequestId} refused with no decline recorded");
                break;
            case AssetWithdrawn w:
                _assetWithdrawals[(id, w.RequestId)] = (w.Asset, w.Amount);
                Count(w.Asset, 0m, w.Amount);
                break;
            case CollateralSaleOrdered o:
                _saleOffers[o.TransferId] = (id, o.Liquidator, o.Asset, o.Quantity, o.Proceeds);
                break;
            case LiquidatedCollateralBought b:
                if (BuyerRefusal(b, accountBefore) is { } refused)
                    Violate("collateral-sale", pid, seq, "a purchase by a plain account, not itself liquidated, paid from its free USD", refused);
                if (_saleOffers.GetValueOrDefault(b.TransferId) != (b.Seller, id, b.Asset, b.Quantity, b.Proceeds)
                    || _salesDeclined.Contains((b.Seller, id, b.TransferId)))
                    Violate("collateral-sale", pid, seq, $"a sale {b.Seller} offered {id}", $"{b.TransferId}: {b.Quantity} {b.Asset} for {b.Proceeds}");
                _salesBought[b.TransferId] = (b.Seller, id, b.Asset, b.Quantity, b.Proceeds);
                _assetSold[b.Asset.Value] = _assetSold.GetValueOrDefault(b.Asset.Value) + b.Quantity;
                break;
            // A buyer answers an offer once: bought or declined, never both.
            case LiquidatedCollateralDeclined d:
                if (!_saleOffers.TryGetValue(d.TransferId, out var offered) || (offered.Seller, offered.Buyer) != (d.Seller, id)
                    || _salesBought.ContainsKey(d.TransferId))
                    Violate("collateral-sale", pid, seq, $"a decline of a sale {d.Seller} offered {id} and {id} did not buy", $"{d.TransferId} declined");
                _salesDeclined.Add((d.Seller, id, d.TransferId));
                break;
            // A decline gives the order's units back to the seller: only the order in flight, and only once its buyer declined it.
            case CollateralSaleDeclined d when accountBefore?.Liquidation?.InFlight is not CollateralSaleStep { Order: var o }
                                               || (o.TransferId, o.Asset, o.Quantity) != (d.TransferId, d.Asset, d.Quantity)
                                               || !_salesDeclined.Contains((id, o.Liquidator, d.TransferId)):
                Violate("collateral-sale", pid, seq, $"the decline of the sale {id} has in flight, by its buyer ({ShowSaleInFlight(accountBefore)})",
                    $"{d.TransferId}: {d.Quantity} {d.Asset} back");
                break;
            case CollateralSold c when _salesBought.GetValueOrDefault(c.TransferId) != (id, c.Liquidator, c.Asset, c.Quantity, c.Proceeds):
                Violate("collateral-sale", pid, seq, $"a sale {c.Liquidator} bought", $"{c.TransferId}: {c.Quantity} {c.Asset} for {c.Proceeds}");
                break;
            case PoolWithdrawalCompleted w when _poolWithdrawals.GetValueOrDefault((id, w.RequestId)) != w.Amount:
                Violate("pool-transfer", pid, seq, $"the pool's payout {_poolWithdrawals.GetValueOrDefault((id, w.RequestId))}", $"{w.Amount}");
                break;
        }

        if (!Folded(pid, seq, evt))
            return;
        var after = _fold.Accounts[id];
        // A cross account's USD may be a debt (a realised loss beyond its USD), backed by its other assets.
        if ((after.FreeBalance < 0 && !after.HeldCross) || after.LockedCollateral < 0)
            Violate("non-negative", pid, seq, "free and locked balances ≥ 0", $"free {after.FreeBalance}, locked {after.LockedCollateral}");
        foreach (var (asset, holding) in after.Holdings.Where(h => h.Value.Balance < 0))
            Violate("non-negative", pid, seq, $"a {asset} balance ≥ 0", $"{holding.Balance}");
    }

    /// <summary>Why the buyer's own rule refuses <paramref name="b"/> (the account as it stood before it), or null: a buyer never pays on credit.</summary>
    private static string? BuyerRefusal(LiquidatedCollateralBought b, AccountState? buyer) =>
        b.Seller == b.AccountId ? "the seller buying its own collateral"
        : buyer is not { IsOpen: true } ? "a buyer with no open account"
        : buyer.Liquidation is not null ? $"a buyer itself under liquidation {buyer.Liquidations}"
        : !buyer.CrossPositions.IsEmpty ? $"a buyer holding {buyer.CrossPositions.Count} cross position(s)"
        : b.Proceeds > buyer.FreeBalance ? $"proceeds {b.Proceeds} above the buyer's free USD {buyer.FreeBalance}"
        : null;

    /// <summary>A ledger admits only a deposit an account started and releases only a withdrawal an account paid, for the same amount.</summary>
    private void ApplyAssetLedger(string pid, long seq, IAssetLedgerEvent e)
    {
        switch (e)
        {
            case AssetDepositAdmitted a:
                if (_assetDepositsAsked.GetValueOrDefault((a.Account, a.RequestId)) != (a.Asset, a.Amount))
                    Violate("asset-transfer", pid, seq, $"a deposit {a.Account} started: {Show(_assetDepositsAsked, a.Account, a.RequestId)}", $"{a.Amount} {a.Asset}");
                _assetDepositsAdmitted[(a.Account, a.RequestId)] = (a.Asset, a.Amount);
                break;
            case AssetDepositDeclined d:
                if (_assetDepositsAsked.GetValueOrDefault((d.Account, d.RequestId)) != (d.Asset, d.Amount))
                    Violate("asset-transfer", pid, seq, $"a deposit {d.Account} started: {Show(_assetDepositsAsked, d.Account, d.RequestId)}", $"{d.Amount} {d.Asset}");
                _assetDepositsDeclined.Add((d.Account, d.RequestId));
                break;
            case AssetDepositReleased r when _assetWithdrawals.GetValueOrDefault((r.Account, r.RequestId)) != (r.Asset, r.Amount):
                Violate("asset-transfer", pid, seq, $"a withdrawal {r.Account} paid: {Show(_assetWithdrawals, r.Account, r.RequestId)}", $"{r.Amount} {r.Asset}");
                break;
        }

        if (!Folded(pid, seq, e))
            return;
        if (_fold.AssetLedgers[e.Asset].Deposited < 0)
            Violate("non-negative", pid, seq, "a ledger's deposited total ≥ 0", $"{_fold.AssetLedgers[e.Asset].Deposited}");
    }

    private void Count(AssetId asset, decimal deposit, decimal withdrawal)
    {
        var (deposits, withdrawals) = _assetTotals.GetValueOrDefault(asset.Value);
        _assetTotals[asset.Value] = (deposits + deposit, withdrawals + withdrawal);
    }

    private static string Show(Dictionary<(AccountId, RequestId), (AssetId Asset, decimal Amount)> recorded, AccountId account, RequestId request) =>
        recorded.TryGetValue((account, request), out var r) ? $"{r.Amount} {r.Asset}" : "none recorded";

    private string ShowShare(TransferId transfer) =>
        _shortfallShares.TryGetValue(transfer, out var s) ? $"{s.Amount} (of {s.Account} to {s.Market})" : "none ordered";

    private string ShowPaid(TransferId transfer) =>
        _shortfallPaid.TryGetValue(transfer, out var p) ? $"{p.FromInsurance + p.FromLiquidity} ({p.FromInsurance} from insurance, {p.FromLiquidity} from the LPs)" : "nothing paid";

    private static string ShowAsked(Dictionary<(AccountId, RequestId), (decimal Units, decimal Price, DateTimeOffset At)> asked, AccountId account, RequestId request) =>
        asked.TryGetValue((account, request), out var a) ? $"{a.Units} at {a.Price}, {a.At:O}" : "none asked";

    private void ApplyPool(string pid, long seq, IPoolEvent e)
    {
        var before = _fold.Pools.GetValueOrDefault(e.Market) ?? PoolState.Initial(e.Market, null);
        if (LiquidityRecompute.Check(e, before) is { } mismatch)
            Violate(mismatch, pid, seq);
        if (NextPriceRule.Check(e, null, _prices) is { } notNext)
            Violate(notNext, pid, seq);
        if (e is LiquidityAdded { LockedShares: 0 } deposit)
        {
            // The rule is the event's own mark, so a node that left it out would mint by the older,
            // more generous rule: once a pool's deposits are priced with their fee, every later one is.
            if (deposit.PricedWithFee)
                _pricedWithFee.Add(e.Market);
            else if (_pricedWithFee.Contains(e.Market))
                Violate("lp-shares", pid, seq, "a deposit priced with its fee in the pool's value, as the pool's since one was", "priced without it");
            // Likewise a cross position's loss: left out, a deposit beside it buys the LPs' part of it.
            if (deposit.CrossLossesCounted)
                _crossLossesCounted.Add(e.Market);
            else if (_crossLossesCounted.Contains(e.Market) && LiquidityRecompute.CrossLossesDiffer(deposit, before))
                Violate("lp-shares", pid, seq, "a deposit priced with the cross positions' losses in full, as the pool's since one was", "priced without them");
        }

        if (e is LiquidityRemoved withdrawal)
        {
            if (withdrawal.WithinCaps)
                _withdrawalsCapped.Add(e.Market);
            else if (_withdrawalsCapped.Contains(e.Market) && LiquidityRecompute.CapsRefuse(withdrawal, before))
                Violate("lp-shares", pid, seq, "a withdrawal held to the pool's caps, as the pool's since one was", "one the caps refuse, decided without them");
        }

        switch (e)
        {
            // The pool prices an LP move at its account's request: a row at another price (one no rule
            // checks on the pool's side) would mint or pay at a value nobody asked for, and one at another
            // time would be judged by the pauses and halts of that time, not the request's (review).
            case LiquidityAdded added when _poolDeposits.GetValueOrDefault((added.Provider, added.RequestId)) != (added.Amount, added.Price, added.At):
                Violate("pool-transfer", pid, seq, $"the amount {added.Provider} sent, at its price and time: {ShowAsked(_poolDeposits, added.Provider, added.RequestId)}",
                    $"{added.Amount} at {added.Price}, {added.At:O}");
                break;
            case LiquidityRemoved removed:
                if (_poolRedemptions.GetValueOrDefault((removed.Provider, removed.RequestId)) != (removed.Shares, removed.Price, removed.At))
                    Violate("pool-transfer", pid, seq, $"the shares {removed.Provider} redeemed, at its price and time: {ShowAsked(_poolRedemptions, removed.Provider, removed.RequestId)}",
                        $"{removed.Shares} at {removed.Price}, {removed.At:O}");
                _poolWithdrawals[(removed.Provider, removed.RequestId)] = removed.Amount;
                break;
            case AccountShortfallPaid paid:
                // A cover that paid nothing moved no money whatever was asked (the golden journals ask one of an empty pool directly).
                if (_shortfallShares.GetValueOrDefault(paid.TransferId) != (paid.AccountId, paid.Market, paid.Requested)
                    && (_shortfallShares.ContainsKey(paid.TransferId) || paid.FromInsurance + paid.FromLiquidity != 0))
                    Violate("shortfall-cover", pid, seq, $"the share {paid.AccountId} ordered of this pool: {ShowShare(paid.TransferId)}", $"{paid.Requested}");
                _shortfallPaid[paid.TransferId] = (paid.AccountId, paid.Market, paid.FromInsurance, paid.FromLiquidity);
                break;
            case PositionSettled settled:
                _deleverages.Observe(settled);
                _settled[(settled.PositionId, settled.Number)] = settled.Settlement;
                var pool = _fold.Pools.GetValueOrDefault(e.Market) ?? PoolState.Initial(e.Market, null);
                if (SettlementRecompute.Check(settled, _fold.PositionBefore(settled.PositionId), pool) is { } wrong)
                    Violate(wrong, pid, seq);
                break;
            case SettlementsForgotten forgotten when ForgottenSettlementRule.Check(forgotten,
                         _fold.Pools.GetValueOrDefault(e.Market) ?? PoolState.Initial(e.Market, null), _fold.PositionBefore) is { } early:
                Violate(early, pid, seq);
                break;
        }

        if (!Folded(pid, seq, e))
            return;
        var after = _fold.Pools[e.Market];
        if (after.Assets < 0 || after.InsuranceFund < 0 || after.Reserved < 0 || after.Reserved > after.Assets)
            Violate("non-negative", pid, seq, "assets, insurance ≥ 0 and 0 ≤ reserved ≤ assets",
                $"assets {after.Assets}, insurance {after.InsuranceFund}, reserved {after.Reserved}");
    }

    /// <summary>
    /// DESIGN §4, 1–3, once the whole journal is read. A journal cut by a crash leaves sagas in
    /// flight, and their money is on neither side or on both; the books are checked as they stand
    /// once those sagas finish, finished by the entities' own rules on a copy of the folded states,
    /// exactly as the entities' retries will finish them when a node starts on this journal.
    /// </summary>
    public void Finish()
    {
        foreach (var (market, finding) in _breaker.Unfinished())
            Violate(finding, PersistenceIds.Oracle(market), _events);
        if (_totalsOutOfRange)
            _violations.Add(new AuditViolation("books", "all", _events, "deposits and withdrawals whose totals are within decimal's range",
                "a total past it: an amount no node could have taken"));
        try
        {
            CheckBooks();
        }
        catch (ArithmeticException e)
        {
            // Only rows no node could write (a balance near decimal's limit) take a sum out of range; they are named already.
            _violations.Add(new AuditViolation("books", "all", _events, "books whose sums are within decimal's range", e.Message));
        }
    }

    private void CheckBooks()
    {
        var finished = InProcessExchange.Resuming(_catalog, _fold);
        finished.RetryOutboxes();
        var expected = Totals().SagasInFlight == 0 ? "balanced books" : "balanced books once the sagas in flight finish";
        var books = InvariantChecker.Check(
            finished.Accounts.Where(a => a.IsOpen || a.FreeBalance != 0).Select(a => a.View()),
            finished.Positions.Select(p => p.View(null, null)),
            finished.Pools.Select(p => p.View(null, LastEventAt)));
        foreach (var v in books)
            _violations.Add(new AuditViolation("books", "all", _events, expected, v));
        foreach (var v in ReservationsAgree.Check(finished.Positions, finished.Pools))
            _violations.Add(new AuditViolation("reservation-agrees", "all", _events, "pool and position records of each open position equal", v));
        foreach (var v in AssetLedgersAgree.Check(finished.Accounts.Select(a => a.View()), finished.AssetLedgers.Select(l => l.View())))
            _violations.Add(new AuditViolation("asset-ledger-agrees", "all", _events, "each asset's ledger equal to its accounts' deposits less withdrawals", v));
        // Sales only move units between accounts: what they hold is what came in less what left (a review: a forged decline minted units),
        // with what the sagas in flight deposited or withdrew as they finished.
        var moved = _assetTotals.ToDictionary(t => t.Key, t => t.Value.Deposits - t.Value.Withdrawals);
        foreach (var (_, evt) in finished.Journal)
            if (evt is AssetDeposited d)
                moved[d.Asset.Value] = moved.GetValueOrDefault(d.Asset.Value) + d.Amount;
            else if (evt is AssetWithdrawn w)
                moved[w.Asset.Value] = moved.GetValueOrDefault(w.Asset.Value) - w.Amount;
        foreach (var (asset, net) in moved)
            if (Total(finished.Accounts.Select(a => a.Holding(AssetId.From(asset)).Balance)) is var held && held != net)
                _violations.Add(new AuditViolation("asset-totals", "all", _events, $"{net} {asset} held (deposits less withdrawals)", $"{held}"));
    }

    /// <summary>The entities whose sagas are still in flight, each with the messages its outbox still has to deliver.</summary>
    public IReadOnlyList<string> SagasInFlight() =>
    [
        .. _fold.Positions.Where(p => p.Value.Outbox.Count > 0).Select(p => $"{p.Key}: {string.Join(", ", p.Value.Outbox.Select(m => m.GetType().Name))}"),
        .. _fold.Accounts.Where(a => a.Value.Outbox.Count > 0).Select(a => $"{a.Key}: {string.Join(", ", a.Value.Outbox.Select(m => m.GetType().Name))}"),
    ];

    public AuditTotals Totals() => new(
        _events, _fold.Accounts.Count, _fold.Positions.Count, _fold.Pools.Count, _fold.Oracles.Count, _deposits, _withdrawals,
        Total(_fold.Pools.Values.Select(p => p.ProtocolFees)), Total(_fold.Pools.Values.Select(p => p.InsuranceFund)), Total(_fold.Pools.Values.Select(p => p.BadDebt)),
        _proofs.Count,
        _fold.Positions.Values.Count(p => p.Outbox.Count > 0) + _fold.Accounts.Values.Count(a => a.Outbox.Count > 0),
        _assetTotals.Count == 0
            ? null
            : [.. _assetTotals.Select(t => new AssetTotals(AssetId.From(t.Key), t.Value.Deposits, t.Value.Withdrawals,
                Total(_fold.Accounts.Values.Select(a => a.Holding(AssetId.From(t.Key)).Balance))) { Sold = _assetSold.GetValueOrDefault(t.Key) })],
        _fold.AssetLedgers.Count);

    /// <summary>
    /// A running total: a sum past decimal's range is no row's fault alone (a forged amount near the
    /// limit and an honest one after it), so it is named once, in the books (<see cref="Finish"/>).
    /// </summary>
    private decimal Added(decimal total, decimal amount)
    {
        try
        {
            return total + amount;
        }
        catch (OverflowException)
        {
            _totalsOutOfRange = true;
            return total;
        }
    }

    /// <summary>A total for the report, at decimal's limit when out of its range: only rows the audit names already take it there.</summary>
    private static decimal Total(IEnumerable<decimal> values)
    {
        try
        {
            return values.Sum();
        }
        catch (OverflowException)
        {
            return decimal.MaxValue;
        }
    }

    private bool SameSettlement(PositionId position, int number, Settlement settlement) =>
        _settled.TryGetValue((position, number), out var pool) && pool == settlement;

    private string Asked(TransferId transfer) =>
        _requested.TryGetValue(transfer, out var r) ? r.ToString() ?? "" : "none recorded";

    private void Violate(AuditFinding finding, string entity, long sequence) =>
        Violate(finding.Rule, entity, sequence, finding.Expected, finding.Found);

    private void Violate(string rule, string entity, long sequence, string expected, string found) =>
        _violations.Add(new AuditViolation(rule, entity, sequence, expected, found));

    public static DateTimeOffset TimeOf(ILeverageEvent evt) => evt switch
    {
        IAccountEvent a => a.At,
        IAccountTransferEvent t => t.At,
        IAccountAssetEvent a => a.At,
        IAccountLiquidationEvent l => l.At,
        IPositionEvent p => p.At,
        IPoolEvent p => p.At,
        IOracleEvent o => o.At,
        IAssetLedgerEvent s => s.At,
        _ => DateTimeOffset.MinValue,
    };
}
