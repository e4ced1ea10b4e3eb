using System.Text.Json.Nodes;
using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Integrity;
using LeverageActors.Actors.Persistence;
using LeverageActors.Messages.Serialization;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Integrity;

/// <summary>What an insider with write access to the journal's table does, in plain SQL on either database.</summary>
public sealed class Tampering(TestDatabase copy)
{
    public JournalRow Row(string entity, long sequence) =>
        Rows().Single(r => r.PersistenceId == entity && r.SequenceNr == sequence);

    public List<JournalRow> Rows() => JournalSource.For(copy.Journal).Rows().ToList();

    public long Last(string entity) => Rows().Where(r => r.PersistenceId == entity).Max(r => r.SequenceNr);

    /// <summary>Edits one event's JSON in place, leaving its link as it was.</summary>
    public void EditEvent(string entity, long sequence, Action<JsonObject> edit)
    {
        var row = Row(entity, sequence);
        var json = JsonNode.Parse(row.Payload)!.AsObject();
        edit(json);
        SetMessage(entity, sequence, System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()));
    }

    public void SetMessage(string entity, long sequence, byte[] message) =>
        Change($"UPDATE journal SET message = {Bytes(message)} WHERE persistence_id = '{entity}' AND sequence_number = {sequence}");

    public void SetTags(string entity, long sequence, string tags) =>
        Change($"UPDATE journal SET tags = '{tags}' WHERE persistence_id = '{entity}' AND sequence_number = {sequence}");

    public void Insert(string entity, long sequence, string manifest, byte[] message, string? tags) =>
        Change($"""
            INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, tags, manifest, identifier)
            VALUES (0, {(copy.Provider == JournalProvider.Postgres ? "false" : "0")}, '{entity}', {sequence}, {Bytes(message)},
                    {(tags is null ? "NULL" : $"'{tags}'")}, '{manifest}', {LeverageSerializer.Id})
            """);

    public void Change(string sql) => Assert.True(copy.Execute(sql) > 0, $"the tampering changed a row: {sql}");

    /// <summary>
    /// What a forger who knows the algorithm does after editing an event: every link of the
    /// stream from there on recomputed, so that the chain alone looks whole.
    /// </summary>
    public void Relink(string entity)
    {
        var previous = ChainHash.Genesis;
        foreach (var row in Rows().Where(r => r.PersistenceId == entity).OrderBy(r => r.SequenceNr))
        {
            var link = ChainHash.Link(previous, entity, row.SequenceNr, row.Manifest!, row.Payload);
            var stored = ChainHash.FromTags(row.Tags);
            if (stored is null || !stored.AsSpan().SequenceEqual(link))
                SetTags(entity, row.SequenceNr, string.Join(';', (row.Tags ?? ";").Split(';')
                    .Select(t => t.StartsWith(ChainHash.TagPrefix, StringComparison.Ordinal) ? ChainHash.Tag(link) : t)));
            previous = link;
        }
    }

    private string Bytes(byte[] bytes) => copy.Provider == JournalProvider.Postgres
        ? $"decode('{Convert.ToHexString(bytes)}', 'hex')"
        : $"X'{Convert.ToHexString(bytes)}'";
}
