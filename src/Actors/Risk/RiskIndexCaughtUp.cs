using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Risk;

/// <summary>To the market watch, from a child: the index has read its market's journal and watches every open position.</summary>
public sealed record RiskIndexCaughtUp(MarketId Market);
