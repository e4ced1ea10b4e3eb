using LeverageActors.Actors.Common;
using LeverageActors.Actors.Integrity;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Assets;
using LeverageActors.Messages.Journal;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Risk;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// Every event belongs to the stream of the entity it names: a node recovers an entity from its own
/// stream, while the audit folds each event into the entity the event names. A row of one entity
/// written into another's stream (an account's credit appended to the digest's stream, where new rows
/// are expected after a stop) would count in the audit's books and never in the node's.
/// </summary>
public static class StreamRule
{
    public const string Rule = "stream";

    public static AuditFinding? Check(string persistenceId, ILeverageEvent evt) =>
        Named(evt) is { } named && named != persistenceId
            ? new AuditFinding(Rule, $"the stream of the entity it names ({named})", persistenceId)
            : null;

    private static string? Named(ILeverageEvent evt) => evt switch
    {
        IPositionEvent e => PersistenceIds.Position(e.PositionId),
        IAccountEvent e => PersistenceIds.Account(e.AccountId),
        IAccountTransferEvent e => PersistenceIds.Account(e.AccountId),
        IAccountAssetEvent e => PersistenceIds.Account(e.AccountId),
        IAccountLiquidationEvent e => PersistenceIds.Account(e.AccountId),
        IPoolEvent e => PersistenceIds.Pool(e.Market),
        IAssetLedgerEvent e => PersistenceIds.Asset(e.Asset),
        IOracleEvent e => PersistenceIds.Oracle(e.Market),
        LiquidatorOffsetCommitted e => PersistenceIds.Liquidator(e.Market),
        JournalDigestTaken => JournalDigestKeeper.StreamId,
        _ => null,
    };
}
