namespace LeverageActors.Actors.Persistence;

/// <summary>
/// A table kept beside the journal follows the journal's own grants: whoever may read the journal
/// may read its tag index, whoever may write it may keep the cluster's member table.
/// </summary>
internal static class PostgresJournalGrant
{
    /// <summary>
    /// SQL granting <paramref name="rights"/> on <paramref name="table"/> to every role (or
    /// PUBLIC) granted <paramref name="journalRight"/> on <c>journal</c>, and to its owner when
    /// <paramref name="toOwner"/> (who holds every right on the journal without a grant).
    /// </summary>
    public static string Following(string table, string rights, string journalRight, bool toOwner)
    {
        var owner = toOwner ? " UNION SELECT c.relowner::regrole::text FROM pg_class AS c WHERE c.oid = 'journal'::regclass" : "";
        return $"""
            DO $grant$ DECLARE role_name text; BEGIN
              FOR role_name IN SELECT DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE a.grantee::regrole::text END
                               FROM pg_class AS c CROSS JOIN LATERAL aclexplode(c.relacl) AS a
                               WHERE c.oid = 'journal'::regclass AND a.privilege_type = '{journalRight}' AND a.grantee <> c.relowner{owner} LOOP
                EXECUTE 'GRANT {rights} ON {table} TO ' || role_name;
              END LOOP;
            END $grant$;
            """;
    }
}
