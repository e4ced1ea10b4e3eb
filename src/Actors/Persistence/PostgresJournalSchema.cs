namespace LeverageActors.Actors.Persistence;

/// <summary>
/// The tables of Akka.Persistence.Sql's default mapping on PostgreSQL, as its auto-initialize
/// creates them (journal with Csv tags, snapshot store), created by us instead so that nodes
/// starting together serialize on a lock rather than race on the catalog, and so that journals
/// written offline have exactly the node's layout. Also the journal's identity row's table
/// (<see cref="PostgresJournalIdentityTable"/>).
/// </summary>
public static class PostgresJournalSchema
{
    /// <summary>Key of the transaction-level advisory lock held while the tables are created.</summary>
    private const long SchemaLock = 0x4C65766572616765; // "Leverage"

    /// <summary>Waits for any other node creating the tables, until the end of the transaction.</summary>
    public static readonly string Lock = $"SELECT pg_advisory_xact_lock({SchemaLock})";

    public const string TablesExist =
        "SELECT to_regclass('journal') IS NOT NULL AND to_regclass('snapshot') IS NOT NULL AND to_regclass('journal_identity') IS NOT NULL";

    /// <summary>
    /// Whether the journal's orderings are drawn one at a time in increasing order (an identity or
    /// serial sequence with cache 1 and a positive increment): the node's followers rely on it to
    /// know which missing orderings a write in flight may still fill (<see cref="PostgresJournalTailSource"/>).
    /// </summary>
    public const string OrderingsDrawnInOrder = """
        SELECT COALESCE((SELECT s.seqcache = 1 AND s.seqincrement > 0 FROM pg_sequence s
                         WHERE s.seqrelid = pg_get_serial_sequence('journal', 'ordering')::regclass), false)
        """;

    /// <summary>
    /// Whether a valid unique index of exactly (persistence_id, sequence_number), without predicate or
    /// expression, holds the journal: the one thing that stops two incarnations of an entity (two
    /// clusters on one journal, a restart racing its predecessor's last write) from both committing
    /// one sequence number (<see cref="JournalUniqueKey"/>).
    /// </summary>
    public const string UniqueKeyHeld = """
        SELECT EXISTS (
          SELECT 1 FROM pg_index i
          JOIN pg_attribute a0 ON a0.attrelid = i.indrelid AND a0.attnum = i.indkey[0]
          JOIN pg_attribute a1 ON a1.attrelid = i.indrelid AND a1.attnum = i.indkey[1]
          WHERE i.indrelid = to_regclass('journal') AND i.indisunique AND i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL
            AND i.indnkeyatts = 2 AND a0.attname <> a1.attname
            AND a0.attname IN ('persistence_id', 'sequence_number') AND a1.attname IN ('persistence_id', 'sequence_number'))
        """;

    /// <summary>The tables and the plugin's indexes; needs CREATE on the schema, hence run only when a table is missing.</summary>
    public const string Create = """
        CREATE TABLE IF NOT EXISTS journal (
          ordering bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT "PK_journal" PRIMARY KEY,
          created bigint NOT NULL,
          deleted boolean NOT NULL,
          persistence_id text NOT NULL,
          sequence_number bigint NOT NULL,
          message bytea NOT NULL,
          tags text,
          manifest text,
          identifier integer,
          writer_uuid text,
          CONSTRAINT journal_uq UNIQUE (persistence_id, sequence_number));
        CREATE INDEX IF NOT EXISTS journal_created_idx ON journal (created);
        CREATE INDEX IF NOT EXISTS journal_sequence_number_idx ON journal (sequence_number);
        CREATE TABLE IF NOT EXISTS snapshot (
          persistence_id text NOT NULL,
          sequence_number bigint NOT NULL,
          created bigint NOT NULL,
          snapshot bytea,
          manifest text,
          serializer_id integer,
          CONSTRAINT "PK_snapshot" PRIMARY KEY (persistence_id, sequence_number));
        CREATE INDEX IF NOT EXISTS snapshot_created_idx ON snapshot (created);
        CREATE INDEX IF NOT EXISTS snapshot_sequence_number_idx ON snapshot (sequence_number);
        CREATE TABLE IF NOT EXISTS journal_identity (
          only_row integer NOT NULL PRIMARY KEY CHECK (only_row = 1),
          journal_id text NOT NULL,
          created_at text NOT NULL);
        """;
}
