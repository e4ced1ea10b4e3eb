using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Pools;

/// <summary>What the pool backs for one open position: the terms it settles against.</summary>
public sealed record Reservation(
    PositionSide Side,
    decimal Quantity,
    decimal EntryPrice,
    decimal Collateral,
    decimal Reserved,
    decimal BorrowIndex,
    decimal OpenFee,
    decimal OpenProtocolFee);
