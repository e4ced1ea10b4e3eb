using System.Text;
using System.Text.Json;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Serialization;

namespace LeverageActors.Tests.Golden;

/// <summary>
/// The golden journal as committed: one JSON line per journal row (persistence id, sequence number,
/// manifest, and the event exactly as the serializer wrote it), so a diff shows any event that moved.
/// </summary>
public static class GoldenJournalFile
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Golden");

    public static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string here = "") => Path.GetDirectoryName(here)!;

    public const string JournalName = "golden-journal.jsonl";

    public const string StatesName = "golden-states.json";

    /// <summary>
    /// The first golden journal and its states, written before issue 22, when an open recorded the
    /// account's collateral lock on the position (<c>OpenCollateralLocked</c>) as soon as it was
    /// answered: journals written then must still fold, audit and finish their sagas the same.
    /// </summary>
    public const string FirstJournalName = "golden-journal-1.jsonl";

    public const string FirstStatesName = "golden-states-1.json";

    /// <summary>
    /// The second, written when an open recorded the marks its request carried
    /// (<c>PositionOpenRequested.Marks</c>): journals written then are read without them, and fold
    /// to the current states (no state keeps those marks).
    /// </summary>
    public const string SecondJournalName = "golden-journal-2.jsonl";

    /// <summary>
    /// The third, written before an oracle's reports recorded the price in force when they arrived
    /// (<c>PriceReported.AfterPrice</c>) and its prices the oldest one a quorum of their reports came
    /// after (<c>PriceAccepted.Since</c>): journals written then are read without them, and their
    /// executions are audited as before. They fold to the current states (no state keeps either).
    /// </summary>
    public const string ThirdJournalName = "golden-journal-3.jsonl";

    /// <summary>
    /// The fourth, written before a pool priced an LP deposit's shares with its fee in the pool's value
    /// (<c>LiquidityAdded.PricedWithFee</c>): journals written then are audited by the rule before, and
    /// fold, with the second and third, to the states of that rule (<see cref="SharesBeforeFeeStatesName"/>).
    /// </summary>
    public const string FourthJournalName = "golden-journal-4.jsonl";

    /// <summary>
    /// The fifth, written before a trigger's execution marked that its settlement settles at least the
    /// minimum notional (<c>TriggerExecuted.SettlesAtLeastMinimum</c>) and before an LP withdrawal was
    /// held to the pool's caps (<c>LiquidityRemoved.WithinCaps</c>): journals written then are audited by
    /// the rules before. Its story withdrew most of the BTC pool under its longs, which the caps now
    /// refuse, so it folds to states of its own (<see cref="FifthStatesName"/>).
    /// </summary>
    public const string FifthJournalName = "golden-journal-5.jsonl";

    public const string FifthStatesName = "golden-states-3.json";

    /// <summary>
    /// The sixth, written before an oracle's reports counted as after the price in force when they were
    /// observed (<c>PriceReported.ByObservation</c>) rather than when they arrived: journals written then
    /// are audited by the rule before, and fold to the states before API keys could change (no report in it lagged).
    /// </summary>
    public const string SixthJournalName = "golden-journal-6.jsonl";

    /// <summary>
    /// The seventh, written before an oracle's prices recorded the oldest price all of their reports came
    /// after (<c>PriceAccepted.AllAfter</c>), when a next price needed only a quorum and a majority of its
    /// reports after the request: journals written then are audited by that rule, and fold to the states before API keys could change.
    /// </summary>
    public const string SeventhJournalName = "golden-journal-7.jsonl";

    /// <summary>
    /// The eighth, written before an open recorded its pool's funding factor (<c>PositionOpened.FundingFactor</c>)
    /// and a cross settlement drew its funding bound: journals written then are audited by the rule before
    /// (a bound of 0), and fold to the current states (the folded states hold no funding factor).
    /// </summary>
    public const string EighthJournalName = "golden-journal-8.jsonl";

    /// <summary>
    /// The ninth, written before a cross confirmation recorded its position's funding index
    /// (<c>CrossPositionConfirmed.FundingIndex</c>) and cross marks carried the margin in force and the
    /// funding indexes: its cross positions count no funding before they settle.
    /// </summary>
    public const string NinthJournalName = "golden-journal-9.jsonl";

    /// <summary>
    /// The tenth, written before an open whose lock was refused cancelled its reservation too
    /// (<c>PositionOpenFailed.CancelsReservation</c>): its failed opens release the lock alone, and
    /// their pool records no cancellation.
    /// </summary>
    public const string TenthJournalName = "golden-journal-10.jsonl";

    /// <summary>
    /// The eleventh, written before a price after a silence longer than the breaker's window was
    /// measured against the last price before it: BTC's doubling after ten quiet minutes halts nothing.
    /// </summary>
    public const string EleventhJournalName = "golden-journal-11.jsonl";

    /// <summary>
    /// The twelfth, written before an account liquidation charged its fees, penalties and sale discounts
    /// only from what the account had (<c>AccountLiquidationStarted.ChargesCapped</c>): jo's bankrupt
    /// account paid the closing fee and the penalty in full, and the pools covered them. Journals written
    /// then are audited by the rule before, and fold to their own states (<see cref="ChargesWholeStatesName"/>).
    /// </summary>
    public const string TwelfthJournalName = "golden-journal-12.jsonl";

    public const string ChargesWholeStatesName = "golden-states-6.json";

    /// <summary>
    /// What the audit names in the journals before the closure-order rule, and only there: hal's cross
    /// closure, ordered straight to the position as the story told it then, with no account liquidation
    /// ordering it (the product never does that, and no journal a node wrote holds one).
    /// </summary>
    public static bool IsHalsClosureOrderedStraight(Actors.Audit.AuditViolation v) =>
        v.Rule == Actors.Audit.CrossClosureOrderRule.Rule && v.Entity == "position-h-cross-long";

    /// <summary>
    /// The states of the eighth to the eleventh journals and of the story before a price after a silence
    /// longer than the breaker's window was measured against the last price: BTC's doubling after ten
    /// quiet minutes halted nothing, and the story's later steps came a quarter of an hour sooner.
    /// </summary>
    public const string BeforeSilenceBreakerStatesName = "golden-states-5.json";

    /// <summary>
    /// The states of the journals written before an account's API keys could be added and revoked
    /// (<c>ApiKeyAdded</c>, <c>ApiKeysRevoked</c>): the story since appends an account, whose keys
    /// change, at its end, so the journal before is the current one's first rows and is not kept apart.
    /// </summary>
    public const string BeforeKeysStatesName = "golden-states-4.json";

    /// <summary>Event kinds the journals kept from before could not hold: they were written before the kinds existed.</summary>
    public static readonly IReadOnlySet<Type> KindsSinceTheOlderJournals = new HashSet<Type> { typeof(ApiKeyAdded), typeof(ApiKeysRevoked) };

    /// <summary>The states the second to fourth journals fold to: their deposits' shares are those of the rule before.</summary>
    public const string SharesBeforeFeeStatesName = "golden-states-2.json";

    public static string Write(IEnumerable<(string PersistenceId, ILeverageEvent Event)> journal)
    {
        var sequences = new Dictionary<string, long>();
        var text = new StringBuilder();
        foreach (var (persistenceId, evt) in journal)
        {
            var sequence = sequences[persistenceId] = sequences.GetValueOrDefault(persistenceId) + 1;
            var payload = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(evt, evt.GetType(), LeverageJson.Options));
            text.Append($"{{\"persistenceId\":{JsonSerializer.Serialize(persistenceId)},\"sequenceNr\":{sequence},")
                .Append($"\"manifest\":{JsonSerializer.Serialize(MessageManifests.ByType[evt.GetType()])},\"event\":{payload}}}\n");
        }

        return text.ToString();
    }

    public static IEnumerable<(string PersistenceId, long SequenceNr, string Manifest, byte[] Payload)> Rows(string text)
    {
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var row = JsonDocument.Parse(line);
            var r = row.RootElement;
            yield return (r.GetProperty("persistenceId").GetString()!, r.GetProperty("sequenceNr").GetInt64(),
                r.GetProperty("manifest").GetString()!, Encoding.UTF8.GetBytes(r.GetProperty("event").GetRawText()));
        }
    }

    public static IEnumerable<(string PersistenceId, ILeverageEvent Event)> Events(string text) =>
        Rows(text).Select(r => (r.PersistenceId, (ILeverageEvent)LeverageSerializer.Decode(r.Payload, r.Manifest)));
}
