using System.Collections.Concurrent;
using System.Data.Common;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Persistence.Query;
using Akka.Persistence.Sql;
using Akka.Serialization;
using Akka.Streams;
using LeverageActors.Actors.Common;
using LeverageActors.Actors.Persistence;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Tests.Persistence;

/// <summary>What the journal tail specs of both engines share: a node on one engine's journal, live followers recorded, rows of a small event written straight to the table.</summary>
internal static class JournalFollowing
{
    /// <summary>A node on the journal <paramref name="journal"/> names, with its engine's HOCON and <paramref name="settings"/> first.</summary>
    public static ActorSystemSetup Node(string engineHocon, DirectJournalSetup journal, string settings)
    {
        var config = ConfigurationFactory.ParseString("akka.loglevel = INFO\n" + settings)
            .WithFallback(HoconFiles.Load(engineHocon))
            .WithFallback(HoconFiles.Load(HoconFiles.Base))
            .WithFallback(SqlPersistence.DefaultConfiguration);
        return BootstrapSetup.Create().WithConfig(config).And(journal);
    }

    /// <summary>The orderings a live follower is handed; -1 for an event that did not come back as written.</summary>
    public static ConcurrentQueue<long> Follow(JournalQuery query, string tag, long after, ActorSystem system)
    {
        var received = new ConcurrentQueue<long>();
        query(tag, after, true).RunForeach(e => received.Enqueue(e.Event is AccountOpened ? ((Sequence)e.Offset).Value : -1), system.Materializer());
        return received;
    }

    /// <summary>
    /// Rows tagged "a" or "b" in turn, every third one also "both", in writes of a few rows each,
    /// numbered by <paramref name="next"/>.
    /// </summary>
    public static async Task Write(ActorSystem system, IJournalRowWriter writer, int rows, Func<long> next)
    {
        var writes = new List<Task>();
        for (var written = 0; written < rows; written += 7)
        {
            var batch = new List<StoredEvent>();
            for (var i = written; i < Math.Min(rows, written + 7); i++)
            {
                var sequence = next();
                batch.Add(Row(system, $"account-{sequence}", (sequence % 2 == 0 ? ";a;" : ";b;") + (sequence % 3 == 0 ? "both;" : "")));
            }

            writes.Add(writer.Write(batch));
        }

        await Task.WhenAll(writes);
    }

    /// <summary>
    /// A follower from its tag's newest event (<see cref="JournalQueries.FromNewest"/>), the tag's older
    /// rows including one that cannot be read: it gets that newest row and every later one, in order,
    /// and never fails on the row it must not read. A follower of a tag with no row yet gets every row
    /// written after it started. <paramref name="write"/> writes rows as <see cref="Write"/> does,
    /// <paramref name="orderings"/> reads the table's orderings of a tag after an offset.
    /// </summary>
    public static async Task FollowsFromTheNewestOnly(
        Akka.TestKit.TestKitBase kit, IJournalRowWriter writer, Func<int, Task> write, Func<string, long, Task<long[]>> orderings)
    {
        await writer.Write([Row(kit.Sys, "account-unreadable", ";b;") with { Message = [0xFF, 0x00, 0x13] }]);
        await write(100);
        var newest = (await orderings("b", 0))[^1];
        var query = JournalQueries.For(kit.Sys);
        var received = Follow(query, "b", JournalQueries.FromNewest, kit.Sys);
        var unwritten = Follow(query, "later", JournalQueries.FromNewest, kit.Sys);

        // The newest row is the newest when the follower first reads, which the stream does after it
        // starts: rows written before that would be older than the one it starts from.
        await kit.AwaitAssertAsync(() => Assert.Equal([newest], received.ToArray()), TimeSpan.FromSeconds(20));
        await write(50);
        await writer.Write([Row(kit.Sys, "account-later", ";later;")]);
        await kit.AwaitAssertAsync(async () =>
        {
            Assert.Equal(await orderings("b", newest - 1), received.ToArray());
            Assert.Equal(await orderings("later", 0), unwritten.ToArray());
        }, TimeSpan.FromSeconds(20));
        Assert.Equal(newest, received.First());
        Assert.Single(unwritten);
    }

    /// <summary>An account's first event as a row of the journal.</summary>
    public static StoredEvent Row(ActorSystem system, string persistenceId, string tags)
    {
        var opened = Opened();
        var serializer = (SerializerWithStringManifest)system.Serialization.FindSerializerFor(opened);
        return new StoredEvent(persistenceId, 1, serializer.ToBinary(opened), tags, serializer.Manifest(opened), serializer.Identifier, 0, "tail-specs");
    }

    /// <summary>What the table holds for the tag after the offset, in journal order, read on <paramref name="connection"/> (open).</summary>
    public static async Task<long[]> Orderings(DbConnection connection, string tag, long after)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT ordering FROM journal WHERE ordering > @after AND tags LIKE @tag ORDER BY ordering";
        foreach (var (name, value) in new (string, object)[] { ("@after", after), ("@tag", $"%;{tag};%") })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        var orderings = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            orderings.Add(reader.GetInt64(0));
        return orderings.ToArray();
    }

    public static AccountOpened Opened() => new(AccountId.From("trader"), RequestId.From("r"), DateTimeOffset.UnixEpoch);
}
