using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Integrity;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Integrity;

/// <summary>
/// Each tampering an insider could do to a journal a real node wrote, against the digest the node
/// took when it stopped (before the tampering) and against the chains alone: the place is named
/// every time with the digest; the chains alone miss only what removes a tail or a stream, or
/// rewrites a stream with every link recomputed.
/// </summary>
public abstract class TamperingSpecs<TJournal>(TJournal journal) : IClassFixture<TJournal>
    where TJournal : TamperJournal
{
    private const string Lp = "account-lp-ETH-USD";
    private const string A = "account-A";
    private const string B = "account-B";
    private const string Pool = "pool-ETH-USD";

    [Fact]
    public void The_journal_as_written_verifies_clean_with_every_event_chained()
    {
        var alone = Verify(journal.Database, null);
        var final = Verify(journal.Database, journal.FinalDigest);

        Assert.Empty(alone.AllBreaks);
        Assert.Equal(0, alone.Unchained);
        Assert.True(alone.Events > 40, $"a story's worth of events, got {alone.Events}");
        Assert.Empty(final.AllBreaks);
        // Taken when the node stopped: nothing came after it but its own row and, at most, a
        // liquidator's offset committed by the other singleton as it stopped alongside.
        var after = final.Digest!.Appended;
        Assert.True(after.All(a => a.Entity == JournalDigestKeeper.StreamId || a.Entity.StartsWith("liquidator-", StringComparison.Ordinal)),
            "written after the shutdown digest: " + string.Join(", ", after.Select(a => $"{a.Entity} #{a.From}-{a.To}")));
    }

    [Fact]
    public void A_digest_taken_mid_story_verifies_clean_and_lists_what_was_written_after_it()
    {
        var mid = Verify(journal.Database, journal.MidDigest);

        Assert.Empty(mid.AllBreaks);
        Assert.Contains(mid.Digest!.Appended, a => a.Entity == A);
        Assert.Contains(mid.Digest.Appended, a => a.Entity == B);
    }

    [Fact]
    public void The_digest_line_alone_verifies_the_journal_too()
    {
        var line = JournalDigest.Parse(journal.FinalDigest, out _)!.Line;

        Assert.Empty(Verify(journal.Database, line).AllBreaks);
    }

    [Fact]
    public void An_altered_money_field_is_caught()
    {
        using var copy = journal.Copy();
        var t = new Tampering(copy);
        var deposit = t.Rows().Single(r => r.PersistenceId == Lp && r.Manifest == "AD");
        t.EditEvent(Lp, deposit.SequenceNr, e =>
        {
            Assert.Equal(1_000_000m, e["amount"]!.GetValue<decimal>());
            e["amount"] = 2_000_000m;
        });

        AssertCaught(copy, Lp, deposit.SequenceNr, byChainsAlone: true);
    }

    [Fact]
    public void An_altered_time_is_caught()
    {
        using var copy = journal.Copy();
        var t = new Tampering(copy);
        var deposit = t.Rows().First(r => r.PersistenceId == B && r.Manifest == "AD");
        t.EditEvent(B, deposit.SequenceNr, e => e["at"] = e["at"]!.GetValue<DateTimeOffset>().AddMinutes(1));

        AssertCaught(copy, B, deposit.SequenceNr, byChainsAlone: true);
    }

    [Fact]
    public void An_altered_id_is_caught()
    {
        using var copy = journal.Copy();
        var t = new Tampering(copy);
        var deposit = t.Rows().First(r => r.PersistenceId == A && r.Manifest == "AD");
        t.EditEvent(A, deposit.SequenceNr, e => e["requestId"] = "forged-request");

        AssertCaught(copy, A, deposit.SequenceNr, byChainsAlone: true);
    }

    [Fact]
    public void A_row_deleted_from_the_middle_is_caught_at_the_next_one()
    {
        using var copy = journal.Copy();
        new Tampering(copy).Change($"DELETE FROM journal WHERE persistence_id = '{B}' AND sequence_number = 3");

        AssertCaught(copy, B, 4, byChainsAlone: true);
    }

    [Fact]
    public void A_deleted_tail_is_caught_by_the_digest_only()
    {
        using var copy = journal.Copy();
        var t = new Tampering(copy);
        var last = t.Last(A);
        t.Change($"DELETE FROM journal WHERE persistence_id = '{A}' AND sequence_number = {last}");

        var first = AssertCaught(copy, A, last, byChainsAlone: false);
        Assert.Contains("truncated", first.Found);
    }

    [Fact]
    public void A_deleted_stream_is_caught_by_the_digest_only()
    {
        using var copy = journal.Copy();
        var t = new Tampering(copy);
        var position = $"position-{journal.Liquidated}";
        var last = t.Last(position);
        t.Change($"DELETE FROM journal WHERE persistence_id = '{position}'");

        var first = AssertCaught(copy, position, last, byChainsAlone: false);
        Assert.Contains("deleted", first.Found);
    }

    [Fact]
    public void Two_reordered_events_are_caught()
    {
        using var copy = journal.Copy();
        var t = new Tampering(copy);
        t.Change($"UPDATE journal SET sequence_number = -2 WHERE persistence_id = '{Pool}' AND sequence_number = 2");
        t.Change($"UPDATE journal SET sequence_number = 2 WHERE persistence_id = '{Pool}' AND sequence_number = 3");
        t.Change($"UPDATE journal SET sequence_number = 3 WHERE persistence_id = '{Pool}' AND sequence_number = -2");

        // Read in write order, the first of the two now claims to be event 3.
        AssertCaught(copy, Pool, 3, byChainsAlone: true);
    }

    [Fact]
    public void A_forged_event_inserted_in_the_middle_is_caught_even_with_a_valid_link_of_its_own()
    {
        using var copy = journal.Copy();
        var t = new Tampering(copy);
        var deposit = t.Rows().First(r => r.PersistenceId == A && r.Manifest == "AD");
        var at = deposit.SequenceNr + 1;
        t.Change($"UPDATE journal SET sequence_number = sequence_number + 1000000 WHERE persistence_id = '{A}' AND sequence_number >= {at}");
        t.Change($"UPDATE journal SET sequence_number = sequence_number - 999999 WHERE persistence_id = '{A}' AND sequence_number >= 1000000");
        var forged = System.Text.Encoding.UTF8.GetBytes(
            System.Text.Encoding.UTF8.GetString(deposit.Payload).Replace("\"requestId\":\"", "\"requestId\":\"forged-"));
        var link = ChainHash.Link(ChainHash.FromTags(deposit.Tags)!, A, at, "AD", forged);
        t.Insert(A, at, "AD", forged, $";account;{ChainHash.Tag(link)};");

        // The forged row itself chains; the event it pushed down no longer does.
        AssertCaught(copy, A, at + 1, byChainsAlone: true);
    }

    [Fact]
    public void A_forged_event_appended_at_the_end_is_caught()
    {
        using var copy = journal.Copy();
        var t = new Tampering(copy);
        var deposit = t.Rows().Last(r => r.PersistenceId == A && r.Manifest == "AD");
        var end = t.Last(A) + 1;
        // A copy of a deposit under a new request id, with the tags (and so the link) it was copied from.
        var forged = System.Text.Encoding.UTF8.GetBytes(
            System.Text.Encoding.UTF8.GetString(deposit.Payload).Replace("\"requestId\":\"", "\"requestId\":\"forged-"));
        t.Insert(A, end, "AD", forged, deposit.Tags);

        AssertCaught(copy, A, end, byChainsAlone: true);
    }

    [Fact]
    public void A_stream_rewritten_with_every_link_recomputed_is_caught_by_the_digest_only()
    {
        using var copy = journal.Copy();
        var t = new Tampering(copy);
        var deposit = t.Rows().Single(r => r.PersistenceId == Lp && r.Manifest == "AD");
        t.EditEvent(Lp, deposit.SequenceNr, e => e["amount"] = 2_000_000m);
        t.Relink(Lp);

        var first = AssertCaught(copy, Lp, t.Last(Lp), byChainsAlone: false);
        Assert.Contains("rewritten", first.Found);
    }

    [Fact]
    public void Links_stripped_from_a_chained_stream_are_caught()
    {
        using var copy = journal.Copy();
        var t = new Tampering(copy);
        t.Change($"UPDATE journal SET tags = ';account;' WHERE persistence_id = '{B}' AND sequence_number >= 2");

        AssertCaught(copy, B, 2, byChainsAlone: true);
    }

    /// <returns>The first break against the digest.</returns>
    private ChainBreak AssertCaught(TestDatabase copy, string entity, long sequence, bool byChainsAlone)
    {
        var withDigest = Verify(copy, journal.FinalDigest);
        var first = Assert.IsType<ChainBreak>(withDigest.AllBreaks.FirstOrDefault());
        Assert.Equal((entity, sequence), (first.Entity, first.Sequence));

        var alone = Verify(copy, null);
        if (byChainsAlone)
            Assert.Equal((entity, sequence), (alone.Breaks[0].Entity, alone.Breaks[0].Sequence));
        else
            Assert.Empty(alone.AllBreaks);
        return first;
    }

    private static JournalIntegrity Verify(TestDatabase database, string? digestText)
    {
        var digest = digestText is null ? null : JournalDigest.Parse(digestText, out var error) ?? throw new InvalidOperationException(error);
        var chains = digest is null ? new JournalChains() : DigestCheck.ChainsFor(digest);
        foreach (var row in JournalSource.For(database.Journal).Rows())
            chains.Read(row);
        return JournalIntegrity.Of(chains, digest, null);
    }
}

public sealed class TamperingOnSqlite(SqliteTamperJournal journal) : TamperingSpecs<SqliteTamperJournal>(journal);

[Collection(PostgresCollection.Name)]
public sealed class TamperingOnPostgres(PostgresTamperJournal journal) : TamperingSpecs<PostgresTamperJournal>(journal);
