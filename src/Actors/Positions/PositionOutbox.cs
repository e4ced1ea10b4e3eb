using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Pools;

namespace LeverageActors.Actors.Positions;

/// <summary>
/// The order a position sends its operations' messages in, the order it has always used (the
/// golden journal's states pin it): the open's reservation, account transfers by id, a
/// reservation's cancellation, pool collateral changes by id, breach notes as they happened, then
/// a lock, a borrow-index question or a settlement of the request in flight.
/// </summary>
public static class PositionOutbox
{
    public static IReadOnlyList<object> Ordered(IEnumerable<object> messages) =>
        messages.OrderBy(Rank).ThenBy(Key, StringComparer.Ordinal).ToList();

    private static int Rank(object message) => message switch
    {
        ReserveLiquidity => 0,
        LockCollateral => 5,
        IAccountTransferCommand => 1,
        CancelReservation => 2,
        AdjustReservedCollateral => 3,
        NoteBreach => 4,
        GetBorrowIndex => 6,
        _ => 7,
    };

    private static string Key(object message) => message switch
    {
        IAccountTransferCommand t => t.TransferId.Value,
        AdjustReservedCollateral a => a.TransferId.Value,
        _ => "",
    };
}
