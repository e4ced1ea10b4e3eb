using LeverageActors.Messages.Ids;

namespace LeverageActors.Host.Api.Models;

/// <summary>One market's watchers: its risk index and its liquidator, in the <c>market-watch</c> singleton.</summary>
public sealed record MarketWatchView(
    MarketId Market,
    bool CaughtUp,
    int WatchedPositions,
    long ChecksSent,
    int BreachesOutstanding,
    long LiquidationsSent);

/// <summary>
/// Counters that show the cluster at work. <c>JournalEvents</c> only grows: a client takes two
/// readings and divides by the time between them for events per second. Absent when the journal
/// cannot be read (<c>/health</c> says why).
/// </summary>
public sealed record ClusterMetricsView(
    DateTimeOffset At,
    long? JournalEvents,
    int LiveFeeds,
    IReadOnlyList<MarketWatchView> Markets);
