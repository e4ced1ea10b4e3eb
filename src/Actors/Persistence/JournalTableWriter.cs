using LeverageActors.Actors.Common;
using LeverageActors.Actors.Integrity;
using LeverageActors.Messages;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Serialization;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// Writes events straight into a journal table of the plugin's layout, SQLite or PostgreSQL, with
/// the serializer and the Csv tags the entity actors use: journals built offline (simulations,
/// benchmarks, a crash reproduced exactly in a test) that a node recovers from and the audit
/// replays. Never for a journal a node is writing to.
/// </summary>
public static class JournalTableWriter
{
    /// <summary>Into a SQLite file, created when missing.</summary>
    public static void Write(string path, IEnumerable<(string PersistenceId, ILeverageEvent Event)> events) =>
        Write(JournalDatabase.SqliteFile(path), events);

    public static void Write(JournalDatabase database, IEnumerable<(string PersistenceId, ILeverageEvent Event)> events)
    {
        var rows = Rows(events);
        if (database.Provider == JournalProvider.Postgres)
            PostgresJournalCopy.Write(database.ConnectionString, rows);
        else
            SqliteJournalInsert.Write(database.ConnectionString, rows);
    }

    /// <summary>The rows the entity actors would have written: sequence numbers from 1 per entity, serialized, tagged, chained.</summary>
    private static IEnumerable<EncodedEvent> Rows(IEnumerable<(string PersistenceId, ILeverageEvent Event)> events)
    {
        var chains = new Dictionary<string, (long Sequence, byte[] Link)>();
        var markets = new Dictionary<string, string>();
        foreach (var (persistenceId, evt) in events)
        {
            if (evt is PositionOpenRequested opened)
                markets[persistenceId] = opened.Market.Value;
            var (sequence, previous) = chains.GetValueOrDefault(persistenceId, (0, ChainHash.Genesis));
            // As the oracle's actor writes it: a checkpoint names the chain's link before it.
            var (manifest, payload) = LeverageSerializer.Encode(evt is OracleCheckpointed c ? c with { ChainHead = ChainHash.Hex(previous) } : evt);
            var link = ChainHash.Link(previous, persistenceId, ++sequence, manifest, payload);
            chains[persistenceId] = (sequence, link);
            yield return new EncodedEvent(
                persistenceId,
                sequence,
                payload,
                TagsOf(persistenceId, evt, markets.GetValueOrDefault(persistenceId)) + ChainHash.Tag(link) + ";",
                manifest);
        }
    }

    /// <summary>The Csv tags the entity actors write: kind, market, and breach, liquidation or halt.</summary>
    private static string TagsOf(string persistenceId, ILeverageEvent evt, string? positionMarket)
    {
        var kind = persistenceId[..persistenceId.IndexOf('-')];
        if (evt is IOracleEvent oracle)
            return $";{string.Concat(ImmutableTags.OfOracle(oracle).Prepend(kind).Select(t => t + ";"))}";
        var market = evt switch
        {
            IPoolEvent e => e.Market.Value,
            IPositionEvent => positionMarket,
            _ => null,
        };
        var extra = evt switch
        {
            PositionBreached => ";breach",
            LiquidationStarted or PositionLiquidated or CrossLiquidationStarted or CrossPositionLiquidated => ";liquidation",
            _ => "",
        };
        return market is null ? $";{kind};" : $";{kind};market:{market}{extra};";
    }
}

/// <summary>One journal row as written offline.</summary>
internal sealed record EncodedEvent(string PersistenceId, long SequenceNr, byte[] Payload, string Tags, string Manifest);
