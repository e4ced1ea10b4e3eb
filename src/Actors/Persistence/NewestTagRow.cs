using System.Data.Common;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// Where a follower of a tag's newest row starts (<see cref="Common.JournalQueries.FromNewest"/>) on a
/// PostgreSQL table whose tag index the node may not read (otherwise <see cref="JournalTagIndex.BeforeNewest"/>).
/// </summary>
public static class NewestTagRow
{
    /// <summary>How far back from the table's end a tag's newest row is looked for.</summary>
    public const long NewestWithin = 100_000;

    /// <summary>
    /// The ordering just before <paramref name="tag"/>'s newest row among the table's last
    /// <see cref="NewestWithin"/>; where it has none there, the ordering those rows start after. Both
    /// engines walk the primary key back from its end and stop at the first row of the tag: a tag
    /// written every second costs a few rows, and one never written (a market without a price yet)
    /// at most <see cref="NewestWithin"/>, whatever the journal's length.
    /// </summary>
    public static long Before(DbConnection connection, string contains, string tag, long within = NewestWithin)
    {
        long floor;
        using (var highest = connection.CreateCommand())
        {
            highest.CommandText = "SELECT COALESCE(MAX(ordering), 0) FROM journal";
            floor = Math.Max(0, Convert.ToInt64(highest.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) - within);
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT ordering FROM journal WHERE ordering > @floor AND {contains} ORDER BY ordering DESC LIMIT 1";
        JournalRows.Add(command, "floor", floor);
        JournalRows.Add(command, "tag", $";{tag};");
        return command.ExecuteScalar() is long newest ? newest - 1 : floor;
    }
}
