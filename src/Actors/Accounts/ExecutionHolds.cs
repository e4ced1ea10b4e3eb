using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Accounts;

/// <summary>
/// The funds an account keeps back for its requests waiting for their next price
/// (<see cref="HoldForExecution"/>), and the rule they add: a withdrawal the free balance could pay
/// is refused when it would take held funds. Memory only, beside the account's journaled state: a
/// refusal records nothing, so replaying the journal needs none of it.
/// </summary>
public sealed class ExecutionHolds
{
    private readonly Dictionary<RequestId, HoldForExecution> _held = new();

    public void Hold(HoldForExecution hold) => _held[hold.RequestId] = hold;

    public void Release(RequestId request) => _held.Remove(request);

    /// <summary>What is held at <paramref name="at"/> (the command's clock value); holds past their time are dropped.</summary>
    public decimal HeldAt(DateTimeOffset at)
    {
        foreach (var expired in _held.Values.Where(h => h.Until < at).Select(h => h.RequestId).ToList())
            _held.Remove(expired);
        return _held.Values.Sum(h => h.Amount);
    }

    /// <summary>A held request spends its funds: its hold ends (they are no longer free to hold).</summary>
    public void Spent(Func<HoldForExecution, bool> own)
    {
        foreach (var spent in _held.Values.Where(own).Select(h => h.RequestId).ToList())
            _held.Remove(spent);
    }

    /// <summary>
    /// The refusal of taking <paramref name="amount"/> out of <paramref name="free"/> at <paramref name="at"/>;
    /// null when nothing held is in the way (a spend beyond the free balance is the account's own refusal).
    /// </summary>
    public Rejection? Refusal(decimal free, decimal amount, DateTimeOffset at)
    {
        if (_held.Count == 0 || amount > free)
            return null;
        var held = HeldAt(at);
        return amount > free - held
            ? new Rejection(RejectionCodes.FundsHeldForExecution,
                $"Cannot take {amount}: {held} of the free balance of {free} is held for this account's requests waiting for their next price; " +
                "it is free again once they have executed.")
            : null;
    }
}
