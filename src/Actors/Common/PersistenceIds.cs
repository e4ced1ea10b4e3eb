using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Common;

/// <summary>Persistence ids carry the entity kind as a prefix; the audit reads the kind from it.</summary>
public static class PersistenceIds
{
    public const string AccountPrefix = "account-";
    public const string PositionPrefix = "position-";
    public const string PoolPrefix = "pool-";
    public const string OraclePrefix = "oracle-";
    public const string LiquidatorPrefix = "liquidator-";
    public const string AssetPrefix = "asset-";

    public static string Account(AccountId id) => AccountPrefix + id.Value;

    public static string Position(PositionId id) => PositionPrefix + id.Value;

    public static string Pool(MarketId id) => PoolPrefix + id.Value;

    public static string Oracle(MarketId id) => OraclePrefix + id.Value;

    public static string Asset(AssetId id) => AssetPrefix + id.Value;

    public static string Liquidator(MarketId id) => LiquidatorPrefix + id.Value;
}
