using LeverageActors.Actors.Persistence;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// What the audit finds of a SQLite journal's tag index (<see cref="SqliteTagIndex"/>) against the
/// rows' own tags. The node's followers catch up through the index at every start, so a tag of a
/// row the index lacks is a row they would not see (a liquidator, a position the risk index never
/// watches), while the audit, which reads the rows, would: a hand at the index or its triggers.
/// </summary>
/// <param name="Present">False for a journal no node of this version has started on yet: nothing to compare.</param>
/// <param name="MissingTriggers">The triggers that keep the index and are gone; a node's start creates them again.</param>
/// <param name="Missing">How many tags of rows the index lacks.</param>
/// <param name="First">The first of them, as "#ordering tag".</param>
public sealed record TagIndexCheck(bool Present, IReadOnlyList<string> MissingTriggers, long Missing, IReadOnlyList<string> First)
{
    private const int Listed = 20;

    public bool Whole => !Present || (MissingTriggers.Count == 0 && Missing == 0);

    /// <summary>The index of the SQLite journal file at <paramref name="path"/>, opened read-only.</summary>
    public static TagIndexCheck Of(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'trigger')";
        var names = new HashSet<string>(StringComparer.Ordinal);
        using (var reader = command.ExecuteReader())
            while (reader.Read())
                names.Add(reader.GetString(0) + ":" + reader.GetString(1));
        if (!names.Contains("table:journal_tag") || !names.Contains("table:journal"))
            return new(false, [], 0, []);

        var missingTriggers = SqliteTagIndex.TriggerNames.Where(t => !names.Contains("trigger:" + t)).ToList();
        command.CommandText = SqliteTagIndex.Missing;
        var missing = 0L;
        var first = new List<string>();
        using (var reader = command.ExecuteReader())
            while (reader.Read())
                if (++missing <= Listed)
                    first.Add($"#{reader.GetInt64(0)} {reader.GetString(1)}");
        return new(true, missingTriggers, missing, first);
    }
}
