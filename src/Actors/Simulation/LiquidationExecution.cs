namespace LeverageActors.Actors.Simulation;

/// <summary>The price a liquidation is filled at.</summary>
public enum LiquidationExecution
{
    /// <summary>The latest price the (lagging) oracle has published: what the node's liquidator sends.</summary>
    Oracle,

    /// <summary>
    /// The market's price when the liquidator acts: a venue whose liquidators sell into the market
    /// (the paper model's assumption). The gap between a lagging oracle and the market becomes a
    /// loss the books see.
    /// </summary>
    Market,
}
