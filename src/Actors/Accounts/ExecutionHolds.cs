using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Accounts;

/// <summary>
/// The funds an account keeps back for its requests waiting for their next price
/// (<see cref="HoldForExecution"/>), and the rule they add to every spend of the free balance, first
/// come, first served: a request's own spend (its amount, for its request or position) ends its
/// hold and may take what the holds taken before it leave; any other spend may take what every hold
/// leaves. So neither a request held later nor a withdrawal can make an earlier request fail.
/// Where cross margin decides (a cross open waits, or the account holds cross positions), every
/// hold also keeps its share of the account's cross equity above the requirement back: a cross
/// open the margin its admission needs, any other request its amount; a spend then must leave the
/// account that much headroom (an asset withdrawal too, which takes no USD but lowers the equity).
/// Memory only, beside the account's journaled state: a refusal records nothing, so replaying the
/// journal needs none of it.
/// </summary>
public sealed class ExecutionHolds
{
    private readonly Dictionary<RequestId, (HoldForExecution Hold, long Order)> _held = new();

    /// <summary>The callers still waiting under each hold: every try of a request that found its hold held.</summary>
    private readonly Dictionary<RequestId, HashSet<Guid>> _leases = new();
    private long _taken;

    /// <summary>Holds kept past their time before they are forgotten (a release lost with its node); a clock an hour wrong is broken anyway.</summary>
    private static readonly TimeSpan Forgotten = TimeSpan.FromHours(1);

    /// <summary>
    /// Holds for a request out of <paramref name="free"/>, or the refusal when what is held already
    /// leaves too little. The first hold of a request stays until its time: the same hold again (its
    /// key sent again, to another node) is answered held and neither replaces nor releases it, and one
    /// under the same request id with other terms is refused as a reused key (else it would go to the
    /// oracle guarded by a hold sized for something else). The try sent again waits under the hold
    /// too: its lease joins the first's, and the hold lasts until the last of them is released or
    /// past its time. (Ended by the first try's release, the second try went on waiting for its price
    /// with nothing held: a withdrawal could then empty the account and fail its open once the price
    /// was known to be bad; a review.)
    /// </summary>
    /// <remarks><paramref name="headroom"/>: the account's cross equity above its requirement now, valued as asked, where cross margin decides; null where it does not.</remarks>
    public Rejection? Hold(HoldForExecution hold, decimal free, Func<CrossValuation, decimal?>? headroom = null)
    {
        Forget(hold.At);
        if (_held.TryGetValue(hold.RequestId, out var first))
        {
            if (first.Hold.Until >= hold.At)
            {
                if (!SameTerms(first.Hold, hold))
                    return new Rejection(RejectionCodes.IdempotencyKeyReused, $"Request {hold.RequestId} waits for its price already, with other terms.");
                _leases[hold.RequestId].Add(hold.Lease);
                if (hold.Until > first.Hold.Until)
                    _held[hold.RequestId] = (first.Hold with { Until = hold.Until }, first.Order);
                return null;
            }

            // Past its time it guards nothing: the request sent again is judged, and held, anew.
            Remove(hold.RequestId);
        }

        if (hold.Amount > free)
            return new Rejection(RejectionCodes.InsufficientBalance, $"Cannot hold {hold.Amount}: the free balance is {free}.");
        if (HeldAt(hold.At) is var held && hold.Amount > free - held)
            return Taken(hold.Amount, held, free);
        if (headroom is not null && HoldRefusal(hold, headroom, Before(long.MaxValue, hold.At).ToList()) is { } lacking)
            return lacking;
        _held.Add(hold.RequestId, (hold, ++_taken));
        _leases.Add(hold.RequestId, [hold.Lease]);
        return null;
    }

    /// <summary>Whether a cross open waits at <paramref name="at"/>: then every spend is judged by the cross equity it leaves as well.</summary>
    public bool AnyCrossAt(DateTimeOffset at) => Before(long.MaxValue, at).Any(h => h.CrossMarginNeeded is not null);

    /// <summary>Ends the wait under <paramref name="lease"/>; the hold ends with the last of its leases. A lease it does not know ends nothing.</summary>
    public void Release(RequestId request, Guid lease)
    {
        if (_leases.TryGetValue(request, out var leases) && leases.Remove(lease) && leases.Count == 0)
            Remove(request);
    }

    private void Remove(RequestId request)
    {
        _held.Remove(request);
        _leases.Remove(request);
    }

    /// <summary>
    /// What is held at <paramref name="at"/> (a command's clock value): holds past their time count for
    /// nothing then, and stay until released or spent, so a command stamped late by a clock ahead
    /// cannot end them for the spends after it.
    /// </summary>
    public decimal HeldAt(DateTimeOffset at) => HeldBefore(long.MaxValue, at);

    private decimal HeldBefore(long order, DateTimeOffset at) => Before(order, at).Sum(h => h.Amount);

    private IEnumerable<HoldForExecution> Before(long order, DateTimeOffset at) =>
        _held.Values.Where(h => h.Hold.Until >= at && h.Order < order).Select(h => h.Hold);

    /// <summary>
    /// A spend of <paramref name="amount"/> of USD out of <paramref name="free"/> at <paramref name="at"/>:
    /// null when it may go on (nothing held before it is in the way; a spend beyond the free balance
    /// is the account's own refusal), else the refusal. A held request's own spend (the earliest hold
    /// <paramref name="isOwn"/> matches of the spend's amount; a cross open's whatever its fee came
    /// to) ends its hold. <paramref name="headroomAfter"/>: the account's cross equity above its
    /// requirement once the spend is made, where cross margin decides.
    /// </summary>
    public Rejection? Spend(decimal free, decimal amount, DateTimeOffset at, Func<HoldForExecution, bool> isOwn,
        Func<CrossValuation, decimal?>? headroomAfter = null)
    {
        if (_held.Count == 0)
            return null;
        Forget(at);
        var before = long.MaxValue;
        if (_held.Values.Where(h => isOwn(h.Hold) && (h.Hold.CrossMarginNeeded is not null || h.Hold.Amount == amount))
            .OrderBy(h => h.Order).Select(h => (HoldForExecution?)h.Hold).FirstOrDefault() is { } own)
        {
            before = _held[own.RequestId].Order;
            Remove(own.RequestId);
        }

        if (amount > 0 && amount > free)
            return null;
        var held = HeldBefore(before, at);
        if (amount > 0 && amount > free - held)
            return Taken(amount, held, free);
        var earlier = Before(before, at).ToList();
        if (headroomAfter is null || earlier.Count == 0)
            return null;
        var share = earlier.Sum(EquityOf);
        return headroomAfter(Valuation(earlier)) switch
        {
            null => Unpriced,
            { } room when room < share => new Rejection(RejectionCodes.FundsHeldForExecution,
                $"{share} of the account's cross equity is held for its requests waiting for their next price; this would leave {room} " +
                "above its requirement. It is free again once they have executed."),
            _ => null,
        };
    }

    /// <summary>
    /// A new hold's cross check at <paramref name="headroom"/>: it must fit alone (as its own spend will
    /// be judged) and after every hold before it; a market without a fresh price cannot say, and
    /// the request may be sent again once it has one.
    /// </summary>
    private static Rejection? HoldRefusal(HoldForExecution hold, Func<CrossValuation, decimal?> headroom, List<HoldForExecution> earlier)
    {
        var own = EquityOf(hold);
        var alone = headroom(Valuation([hold]));
        if (alone is null)
            return Unpriced;
        // Short alone, it is refused as its own spend would be: a cross admission, or any other spend of a cross account.
        if (alone < own)
            return new Rejection(hold.CrossMarginNeeded is null ? RejectionCodes.WithdrawalBreachesMargin : RejectionCodes.InsufficientCrossMargin,
                $"Cannot hold {own} of cross equity: the account's equity above its requirement is {alone}.");
        var share = earlier.Sum(EquityOf);
        return share > 0 && headroom(Valuation([.. earlier, hold])) is var room && (room is null || room - own < share)
            ? new Rejection(RejectionCodes.FundsHeldForExecution,
                $"{share} of the account's cross equity is held for its requests waiting for their next price; {room} is above its requirement, " +
                $"and this request needs {own} of it. It is free again once they have executed.")
            : null;
    }

    /// <summary>Nothing can be decided while a market the account depends on has no fresh price; the same request may be sent again.</summary>
    private static readonly Rejection Unpriced = new(RejectionCodes.StalePrice,
        "A market the account's cross margin depends on has no fresh price to value what it holds for its requests waiting for their next price; nothing was done.");

    /// <summary>
    /// How holds must be valued together: a cross admission is judged with unrealised gains
    /// (initial), any other spend without them (withdrawal), and a cross open admitted first lowers
    /// what a later one may take: so where any of them is not a cross open, all of them are valued
    /// without gains.
    /// </summary>
    private static CrossValuation Valuation(IEnumerable<HoldForExecution> holds) =>
        holds.Any(h => h.CrossMarginNeeded is null) ? CrossValuation.Withdrawal : CrossValuation.Initial;

    /// <summary>What a hold keeps back of the cross equity: a cross open the margin its admission needs, any other request what it takes out.</summary>
    private static decimal EquityOf(HoldForExecution hold) => hold.CrossMarginNeeded ?? hold.Amount;

    /// <summary>
    /// The same request's terms: a cross open's margin follows the rate in force when it was asked
    /// (dynamic margin), so a retry through another node may need another; the first hold stands.
    /// The market, side and leverage are compared where both tries name them (a node before them names none).
    /// </summary>
    private static bool SameTerms(HoldForExecution first, HoldForExecution again) =>
        first.Amount == again.Amount && first.CrossMarginNeeded is null == again.CrossMarginNeeded is null && first.Position == again.Position
        && Agree(first.Market, again.Market) && Agree(first.Side, again.Side) && Agree(first.Leverage, again.Leverage);

    private static bool Agree<T>(T? first, T? again) where T : struct => first is null || again is null || first.Value.Equals(again.Value);

    private static Rejection Taken(decimal amount, decimal held, decimal free) =>
        new(RejectionCodes.FundsHeldForExecution,
            $"Cannot take {amount}: {held} of the free balance of {free} is held for this account's requests waiting for their next price; " +
            "it is free again once they have executed.");

    private void Forget(DateTimeOffset at)
    {
        foreach (var gone in _held.Values.Where(h => h.Hold.Until + Forgotten < at).Select(h => h.Hold.RequestId).ToList())
            Remove(gone);
    }
}
