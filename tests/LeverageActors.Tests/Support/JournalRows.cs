using LeverageActors.Actors.Audit;
using LeverageActors.Messages;
using LeverageActors.Messages.Serialization;

namespace LeverageActors.Tests.Support;

/// <summary>
/// Journal rows as the table holds them (sequence numbers per entity, the serializer's bytes and
/// manifest), made in memory: what the audit reads, for property tests that audit thousands of
/// journals and cannot afford a database file each.
/// </summary>
public static class JournalRows
{
    public static IEnumerable<JournalRow> Of(IEnumerable<(string PersistenceId, ILeverageEvent Event)> journal)
    {
        var sequences = new Dictionary<string, long>();
        var ordering = 0L;
        foreach (var (persistenceId, evt) in journal)
        {
            var sequence = sequences[persistenceId] = sequences.GetValueOrDefault(persistenceId) + 1;
            yield return new JournalRow(++ordering, persistenceId, sequence, MessageManifests.ByType[evt.GetType()], LeverageSerializer.Id,
                false, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(evt, evt.GetType(), LeverageJson.Options));
        }
    }
}
