using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Accounts;

/// <summary>
/// The funds an account keeps back for its requests waiting for their next price
/// (<see cref="HoldForExecution"/>), and the rule they add to every spend of the free balance: a
/// request's own spend (its amount, for its request or position) ends its hold and goes on; any
/// other spend the free balance could pay is refused when it would take held funds. Memory only,
/// beside the account's journaled state: a refusal records nothing, so replaying the journal needs
/// none of it.
/// </summary>
public sealed class ExecutionHolds
{
    private readonly Dictionary<RequestId, HoldForExecution> _held = new();

    /// <summary>
    /// Holds for a request; the first hold of a request stays (a second one under the same request
    /// id, e.g. its key sent again to another node with other terms, neither replaces nor releases it).
    /// </summary>
    public void Hold(HoldForExecution hold) => _held.TryAdd(hold.RequestId, hold);

    /// <summary>Ends the hold taken under <paramref name="lease"/>; another lease's release ends nothing.</summary>
    public void Release(RequestId request, Guid lease)
    {
        if (_held.TryGetValue(request, out var hold) && hold.Lease == lease)
            _held.Remove(request);
    }

    /// <summary>What is held at <paramref name="at"/> (the command's clock value); holds past their time are dropped.</summary>
    public decimal HeldAt(DateTimeOffset at)
    {
        foreach (var expired in _held.Values.Where(h => h.Until < at).Select(h => h.RequestId).ToList())
            _held.Remove(expired);
        return _held.Values.Sum(h => h.Amount);
    }

    /// <summary>
    /// A spend of <paramref name="amount"/> out of <paramref name="free"/> at <paramref name="at"/>:
    /// null when it may go on (it is the held request's own, whose hold ends here, or nothing held is
    /// in the way; a spend beyond the free balance is the account's own refusal), else the refusal.
    /// </summary>
    public Rejection? Spend(decimal free, decimal amount, DateTimeOffset at, Func<HoldForExecution, bool> isFor)
    {
        if (_held.Count == 0)
            return null;
        if (_held.Values.FirstOrDefault(h => isFor(h) && h.Amount == amount) is { } own)
        {
            _held.Remove(own.RequestId);
            return null;
        }

        if (amount > free)
            return null;
        var held = HeldAt(at);
        return amount > free - held
            ? new Rejection(RejectionCodes.FundsHeldForExecution,
                $"Cannot take {amount}: {held} of the free balance of {free} is held for this account's requests waiting for their next price; " +
                "it is free again once they have executed.")
            : null;
    }
}
