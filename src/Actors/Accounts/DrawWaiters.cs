using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Accounts;

/// <summary>
/// The locks and cross admissions an account leaves unanswered while cross settlements' USD is in
/// flight (<see cref="AccountState.AwaitsCrossDraws"/>), kept to be judged again the moment a
/// settlement lands: waiting for the position's next re-send instead would give its trader a second
/// to top the account up, or not, once the price is known (THREATS 1). A request that has waited
/// <see cref="MaxWaits"/> times is refused as before, so a stalled settlement holds nothing for long.
/// Memory only, as the account's holds are.
/// </summary>
public sealed class DrawWaiters
{
    public const int MaxWaits = 10;

    private readonly Dictionary<TransferId, (IAccountTransferCommand Command, int Waits)> _waiting = new();

    /// <summary>Notes one more wait of <paramref name="command"/>; false once it has waited enough.</summary>
    public bool Wait(IAccountTransferCommand command)
    {
        var waits = _waiting.TryGetValue(command.TransferId, out var known) ? known.Waits + 1 : 1;
        if (waits > MaxWaits)
        {
            _waiting.Remove(command.TransferId);
            return false;
        }

        _waiting[command.TransferId] = (command, waits);
        return true;
    }

    /// <summary>The request is judged now: it waits no more.</summary>
    public void Judged(TransferId transfer) => _waiting.Remove(transfer);

    /// <summary>Every request waiting, to be judged again.</summary>
    public IReadOnlyList<IAccountTransferCommand> Waiting => [.. _waiting.Values.Select(w => w.Command)];
}
