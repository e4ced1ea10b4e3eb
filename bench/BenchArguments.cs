namespace LeverageActors.Bench;

/// <summary>
/// The harness's command line. An option it does not know used to be ignored, so a typo (or
/// <c>--help</c>) ran every scenario for minutes: now it is refused with the usage.
/// </summary>
public static class BenchArguments
{
    private static readonly HashSet<string> Switches = ["--quick", "--allocations", "--postgres", "--postgres-only"];

    private static readonly HashSet<string> Counts =
        ["--markets", "--startup", "--nodes", "--positions", "--clients", "--inflight", "--rate", "--opens", "--burst-pause", "--hours"];

    private static readonly HashSet<string> Scenarios =
        ["simulate", "tick", "rescale", "cross", "replay", "memory", "journal", "node", "opens", "burst", "chains", "chains-replay", "nextprice", "scale", "closes", "history"];

    public const string Usage = """
        usage: dotnet run -c Release --project bench -- [options]
               dotnet run -c Release --project bench -- micro [BenchmarkDotNet arguments]
          --quick               smaller sizes (~20-30 s before next-price)
          --only SCENARIO       simulate | tick | rescale | cross | replay | memory | journal | node | opens | burst
                                | chains | chains-replay | nextprice | scale | closes | history
          --startup N           only the start-up, with N open positions in the journal
          --positions N         the burst also at 1% of N open positions
          --burst-pause S       the burst waits S seconds after the node has settled
          --nodes N             the node scenarios on a cluster of N nodes in this process
          --clients N           next-price: concurrent clients (100 quick, 200 full)
          --inflight N          next-price: orders each client keeps in flight (1)
          --rate N              next-price: N orders a second round the clients, each sent whether or not the last were answered (open loop)
          --markets N           next-price: markets the node serves (3)
          --opens N             the opens scenario's size (500 quick, 2,000 full); closes: positions (5,000 quick, 20,000 full)
          --hours N             history: hours of one market's prices in the journal (6 quick, 24 full)
          --allocations         next-price: also the types allocated (sampled)
          --postgres            the journal scenarios on PostgreSQL too (a private server)
          --postgres-only       the journal scenarios on PostgreSQL alone
        docs/BENCHMARKS.md says what each scenario measures.
        """;

    /// <summary>What is wrong with <paramref name="args"/>, or null.</summary>
    public static string? Problem(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var option = args[i];
            if (Switches.Contains(option))
                continue;
            if (i + 1 >= args.Count && (Counts.Contains(option) || option == "--only"))
                return $"{option} needs a value.";
            if (Counts.Contains(option))
            {
                if (!int.TryParse(args[++i], out var n) || n <= 0)
                    return $"{option} takes a positive whole number, not '{args[i]}'.";
                continue;
            }

            if (option == "--only")
            {
                if (!Scenarios.Contains(args[++i]))
                    return $"--only takes one of {string.Join(", ", Scenarios)}, not '{args[i]}'.";
                continue;
            }

            return $"unknown option '{option}'.";
        }

        return null;
    }
}
