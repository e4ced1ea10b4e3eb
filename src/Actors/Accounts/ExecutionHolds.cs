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
/// Memory only, beside the account's journaled state: a refusal records nothing, so replaying the
/// journal needs none of it.
/// </summary>
public sealed class ExecutionHolds
{
    private readonly Dictionary<RequestId, (HoldForExecution Hold, long Order)> _held = new();
    private long _taken;

    /// <summary>Holds kept past their time before they are forgotten (a release lost with its node); a clock an hour wrong is broken anyway.</summary>
    private static readonly TimeSpan Forgotten = TimeSpan.FromHours(1);

    /// <summary>
    /// Holds for a request out of <paramref name="free"/>, or the refusal when what is held already
    /// leaves too little; the first hold of a request stays (a second one under the same request id,
    /// e.g. its key sent again to another node with other terms, neither replaces nor releases it).
    /// </summary>
    public Rejection? Hold(HoldForExecution hold, decimal free)
    {
        Forget(hold.At);
        if (_held.ContainsKey(hold.RequestId))
            return null;
        if (hold.Amount > free)
            return new Rejection(RejectionCodes.InsufficientBalance, $"Cannot hold {hold.Amount}: the free balance is {free}.");
        if (HeldAt(hold.At) is var held && hold.Amount > free - held)
            return Taken(hold.Amount, held, free);
        _held.Add(hold.RequestId, (hold, ++_taken));
        return null;
    }

    /// <summary>Ends the hold taken under <paramref name="lease"/>; another lease's release ends nothing.</summary>
    public void Release(RequestId request, Guid lease)
    {
        if (_held.TryGetValue(request, out var held) && held.Hold.Lease == lease)
            _held.Remove(request);
    }

    /// <summary>
    /// What is held at <paramref name="at"/> (a command's clock value): holds past their time count for
    /// nothing then, and stay until released or spent, so a command stamped late by a clock ahead
    /// cannot end them for the spends after it.
    /// </summary>
    public decimal HeldAt(DateTimeOffset at) => HeldBefore(long.MaxValue, at);

    private decimal HeldBefore(long order, DateTimeOffset at) =>
        _held.Values.Where(h => h.Hold.Until >= at && h.Order < order).Sum(h => h.Hold.Amount);

    /// <summary>
    /// A spend of <paramref name="amount"/> out of <paramref name="free"/> at <paramref name="at"/>:
    /// null when it may go on (nothing held before it is in the way; a spend beyond the free balance
    /// is the account's own refusal), else the refusal. A held request's own spend ends its hold.
    /// </summary>
    public Rejection? Spend(decimal free, decimal amount, DateTimeOffset at, Func<HoldForExecution, bool> isFor)
    {
        if (_held.Count == 0)
            return null;
        Forget(at);
        var before = long.MaxValue;
        if (_held.Values.Where(h => isFor(h.Hold) && h.Hold.Amount == amount).OrderBy(h => h.Order).Select(h => (HoldForExecution?)h.Hold)
            .FirstOrDefault() is { } own)
        {
            before = _held[own.RequestId].Order;
            _held.Remove(own.RequestId);
        }

        if (amount > free)
            return null;
        var held = HeldBefore(before, at);
        return amount > free - held ? Taken(amount, held, free) : null;
    }

    private static Rejection Taken(decimal amount, decimal held, decimal free) =>
        new(RejectionCodes.FundsHeldForExecution,
            $"Cannot take {amount}: {held} of the free balance of {free} is held for this account's requests waiting for their next price; " +
            "it is free again once they have executed.");

    private void Forget(DateTimeOffset at)
    {
        foreach (var gone in _held.Values.Where(h => h.Hold.Until + Forgotten < at).Select(h => h.Hold.RequestId).ToList())
            _held.Remove(gone);
    }
}
