using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Simulation;

/// <summary>
/// The price paths shipped with the project (src/Host/scenarios), synthesised from published
/// anchor points so that a fresh clone can simulate a crash without downloading anything.
/// A test checks the committed files are exactly what these definitions give.
/// </summary>
public static class BundledScenario
{
    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture);

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    /// <summary>
    /// ETH on 12–13 March 2020 (Kraken's hourly and minute candles): 195 at midnight, a fall of
    /// 167 → 131 within minutes at 11:00, 128 at 21:00, the low of 87.6 at 02:16 on the 13th
    /// (−55% in 26 h), a rebound to 115 within the hour; a calm day before and a day after.
    /// </summary>
    public static AnchorPath BlackThursday { get; } = new(MarketId.From("ETH-USD"),
    [
        new(At("2020-03-11T00:00:00Z"), 201.5m, FiveMinutes),
        new(At("2020-03-11T18:00:00Z"), 189m, FiveMinutes),
        new(At("2020-03-12T00:00:00Z"), 195.5m, Minute),
        new(At("2020-03-12T06:00:00Z"), 178m, Minute),
        new(At("2020-03-12T10:58:00Z"), 167.4m, Minute),
        new(At("2020-03-12T11:06:00Z"), 130.3m, Minute),
        new(At("2020-03-12T16:00:00Z"), 141m, Minute),
        new(At("2020-03-12T21:00:00Z"), 128.4m, Minute),
        new(At("2020-03-13T00:00:00Z"), 108.9m, Minute),
        new(At("2020-03-13T02:05:00Z"), 97.7m, Minute),
        new(At("2020-03-13T02:16:00Z"), 87.6m, Minute),
        new(At("2020-03-13T02:30:00Z"), 101m, Minute),
        new(At("2020-03-13T03:00:00Z"), 115.4m, Minute),
        new(At("2020-03-13T08:00:00Z"), 128.5m, FiveMinutes),
        new(At("2020-03-14T00:00:00Z"), 133.8m, FiveMinutes),
        new(At("2020-03-14T23:55:00Z"), 123.1m, FiveMinutes),
    ], VolatilityPerStep: 0.002, Seed: 20200312);

    /// <summary>
    /// LUNA in May 2022: about 80 on the 7th, 64 on the 8th, 30 on the 9th, a bounce toward 55, then
    /// 1.2 on the 11th and cents by the 13th: a slide over days, not a wick.
    /// </summary>
    public static AnchorPath LunaSlide { get; } = new(MarketId.From("LUNA-USD"),
    [
        new(At("2022-05-07T00:00:00Z"), 80m, FiveMinutes),
        new(At("2022-05-08T00:00:00Z"), 64m, FiveMinutes),
        new(At("2022-05-09T00:00:00Z"), 55m, FiveMinutes),
        new(At("2022-05-09T20:00:00Z"), 30m, FiveMinutes),
        new(At("2022-05-10T10:00:00Z"), 55m, FiveMinutes),
        new(At("2022-05-11T00:00:00Z"), 18m, FiveMinutes),
        new(At("2022-05-11T18:00:00Z"), 1.2m, FiveMinutes),
        new(At("2022-05-12T12:00:00Z"), 0.15m, FiveMinutes),
        new(At("2022-05-13T00:00:00Z"), 0.02m, FiveMinutes),
    ], VolatilityPerStep: 0.006, Seed: 20220509, Decimals: 6);

    /// <summary>
    /// A flash wick: a day near 2,000, then at noon 25% down within a minute and back within five,
    /// in 5-second steps around the wick (like the flash crashes of single venues, e.g. GDAX ETH 2017).
    /// </summary>
    public static AnchorPath FlashWick { get; } = new(MarketId.From("ETH-USD"),
    [
        new(At("2021-06-21T00:00:00Z"), 2000m, Minute),
        new(At("2021-06-21T11:58:00Z"), 1985m, TimeSpan.FromSeconds(5)),
        new(At("2021-06-21T12:00:00Z"), 1980m, TimeSpan.FromSeconds(5)),
        new(At("2021-06-21T12:01:00Z"), 1490m, TimeSpan.FromSeconds(5)),
        new(At("2021-06-21T12:05:00Z"), 1940m, TimeSpan.FromSeconds(5)),
        new(At("2021-06-21T12:10:00Z"), 1960m, Minute),
        new(At("2021-06-22T00:00:00Z"), 1990m, Minute),
    ], VolatilityPerStep: 0.0008, Seed: 20210621);

    public static IReadOnlyList<(string File, string Title, AnchorPath Path)> All { get; } =
    [
        ("black-thursday.csv", "Black-Thursday-like crash: ETH-USD 11-14 March 2020, -55% in 26 h with a minute-scale wick", BlackThursday),
        ("luna-slide.csv", "LUNA-like slide: LUNA-USD 7-13 May 2022, 80 to cents over days", LunaSlide),
        ("flash-wick.csv", "Flash wick: ETH-USD, -25% within a minute at noon, back within five", FlashWick),
    ];
}
