using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Positions;

/// <summary>Routes a message to the position entity it names.</summary>
public interface IWithPositionId : ILeverageMessage
{
    PositionId PositionId { get; }
}
