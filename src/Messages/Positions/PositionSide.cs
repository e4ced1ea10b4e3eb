namespace LeverageActors.Messages.Positions;

public enum PositionSide
{
    Long,
    Short,
}
