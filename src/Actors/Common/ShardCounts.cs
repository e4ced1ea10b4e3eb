namespace LeverageActors.Actors.Common;

/// <summary>
/// Fixed shard counts. Changing one moves every entity of that kind to another shard, so they
/// are set once, about ten times the largest expected number of nodes.
/// </summary>
public static class ShardCounts
{
    public const int Accounts = 100;
    public const int Positions = 100;
    public const int Pools = 30;

    /// <summary>A ledger per collateral asset: a handful of entities.</summary>
    public const int Assets = 10;
}
