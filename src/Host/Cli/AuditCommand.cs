using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Integrity;
using LeverageActors.Actors.Markets;
using LeverageActors.Host.Node;
using LeverageActors.Messages.Serialization;
using Spectre.Console;

namespace LeverageActors.Host.Cli;

/// <summary>
/// Verb <c>audit</c>: replays a journal (a SQLite file or a PostgreSQL database) without a node
/// and proves the books and its hash chains (and, given a digest, that it holds exactly the history
/// the digest committed to), or shows one entity's history, or the state as of a time. Exit code 0
/// when every rule holds, 1 when one does not or the journal was changed, 2 for a usage error.
/// </summary>
public static class AuditCommand
{
    private static readonly Option<string> Db = new("--db")
    {
        Description = "The journal: a SQLite file (default ./data/leverage.db) or a PostgreSQL connection string " +
                      "(Host=127.0.0.1;Database=leverage;Username=leverage)",
        DefaultValueFactory = _ => Path.Combine("data", "leverage.db"),
    };

    private static readonly Option<bool> Json = new("--json") { Description = "Print the report as JSON for machines" };

    private static readonly Option<string?> Entity = new("--entity")
    {
        Description = "Print one entity's history, e.g. position-7f3a..., account-alice, pool-ETH-USD",
    };

    private static readonly Option<string?> AsOf = new("--as-of")
    {
        Description = "Print every balance and position as of an ISO-8601 time, e.g. 2026-01-01T00:05:00Z",
    };

    private static readonly Option<string?> VerifyDigest = new("--verify-digest")
    {
        Description = "Prove the journal still holds the history a digest committed to: a digest file (journal-digest.json) or a digest line (ljd1....)",
    };

    private static readonly Option<string?> DigestKey = new("--digest-key")
    {
        Description = "The operator's Ed25519 public key (hex): the digest must be signed by it",
    };

    private static readonly Option<bool> AcceptUnchained = new("--accept-unchained")
    {
        Description = "Accept events without a hash-chain link as written before chains existed (a journal begun before December 2026)",
    };

    public static Command Create()
    {
        var command = new Command("audit", "Replay a journal and prove the books (no node needed; the journal is opened read-only)");
        command.Options.Add(Db);
        command.Options.Add(Json);
        command.Options.Add(Entity);
        command.Options.Add(AsOf);
        command.Options.Add(VerifyDigest);
        command.Options.Add(DigestKey);
        command.Options.Add(AcceptUnchained);
        command.SetAction(result => Run(result));
        return command;
    }

    private static int Run(ParseResult result)
    {
        var path = result.GetValue(Db)!;
        DateTimeOffset? asOf = null;
        if (result.GetValue(AsOf) is { } text)
        {
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                return Fail($"--as-of '{text}' is not an ISO-8601 time");
            asOf = parsed;
        }

        MarketCatalog markets;
        try
        {
            markets = AuditMarkets.Read();
        }
        catch (ConfigurationError e)
        {
            return Fail(e.Message);
        }

        if (!AuditTarget.TryParse(path, out var database, out var error))
            return Fail(error);

        JournalDigest? digest = null;
        if (result.GetValue(VerifyDigest) is { } digestText && (digest = JournalDigest.Parse(digestText, out var digestError)) is null)
            return Fail(digestError);
        var requiredKey = result.GetValue(DigestKey);
        if (requiredKey is not null && digest is null)
            return Fail("--digest-key needs --verify-digest");

        var source = JournalSource.For(database);
        var chains = digest is null ? new JournalChains() : DigestCheck.ChainsFor(digest);
        using var alongside = new ChainsAlongside(chains);
        var ledger = new AuditLedger(markets);
        var entity = result.GetValue(Entity);
        var history = new List<EntityHistoryLine>();
        var json = result.GetValue(Json);

        void ReadAll(Action<long>? progress)
        {
            foreach (var row in source.Rows())
            {
                alongside.Read(row);
                var evt = ledger.Read(row, asOf);
                if (entity is not null && row.PersistenceId == entity && evt is not null)
                    history.Add(EntityHistoryLine.Of(row, evt, ledger));
                progress?.Invoke(row.Ordering);
            }
        }

        try
        {
            if (json || Console.IsOutputRedirected)
                ReadAll(null);
            else
                AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .Start(ctx =>
                    {
                        var task = ctx.AddTask("Replaying journal", maxValue: Math.Max(1, source.Count()));
                        var read = 0L;
                        ReadAll(_ => task.Value = ++read);
                    });
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException)
        {
            return Fail($"cannot read {source.Description}: {e.Message}");
        }

        if (asOf is null)
            ledger.Finish();

        // A history or a state read from a journal someone changed is the changed one: both say whether
        // the chains (and a digest given) hold, and exit 1 when not, as the whole report does.
        if (entity is not null)
            return AuditOutput.History(entity, history, ledger, JournalIntegrity.Of(alongside.Finish(), digest, requiredKey, result.GetValue(AcceptUnchained)), json);
        if (asOf is { } time)
            return AuditOutput.AsOf(time, ledger, JournalIntegrity.Of(alongside.Finish(), digest, requiredKey, result.GetValue(AcceptUnchained)), json);
        TagIndexCheck? tagIndex;
        try
        {
            tagIndex = source switch
            {
                SqliteJournalSource sqlite => TagIndexCheck.Of(sqlite.Path),
                PostgresJournalSource postgres => TagIndexCheck.OfPostgres(postgres.ConnectionString),
                _ => null,
            };
        }
        catch (System.Data.Common.DbException e)
        {
            return Fail($"cannot read the tag index of {source.Description}: {e.Message}");
        }

        return AuditOutput.Summary(source.Description, ledger, JournalIntegrity.Of(alongside.Finish(), digest, requiredKey, result.GetValue(AcceptUnchained)), tagIndex, json);
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return 2;
    }
}
