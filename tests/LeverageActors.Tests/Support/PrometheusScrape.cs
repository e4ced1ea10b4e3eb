using System.Globalization;
using System.Text.RegularExpressions;

namespace LeverageActors.Tests.Support;

/// <summary>
/// One scrape of <c>/metrics</c>, parsed strictly as the Prometheus text format: every line is a
/// comment, a <c># TYPE</c>/<c># HELP</c> line or a sample of a declared family, or parsing fails.
/// </summary>
public sealed partial class PrometheusScrape
{
    private readonly List<Sample> _samples = [];
    private readonly Dictionary<string, string> _types = new();

    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public IReadOnlyList<Sample> Samples => _samples;

    public IReadOnlyDictionary<string, string> Types => _types;

    public static async Task<PrometheusScrape> Of(HttpClient http)
    {
        using var response = await http.GetAsync("/metrics");
        response.EnsureSuccessStatusCode();
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        return Parse(await response.Content.ReadAsStringAsync());
    }

    public static PrometheusScrape Parse(string text)
    {
        var scrape = new PrometheusScrape();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0)
                continue;
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.True(parts.Length == 4 && parts[3] is "counter" or "gauge" or "histogram" or "summary" or "untyped", $"bad TYPE line: {line}");
                scrape._types[parts[2]] = parts[3];
                continue;
            }

            if (line.StartsWith('#'))
                continue;
            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a Prometheus sample: {line}");
            var name = match.Groups["name"].Value;
            Assert.True(scrape._types.ContainsKey(Family(name, scrape._types)), $"sample of an undeclared family: {line}");
            var labels = new Dictionary<string, string>();
            foreach (Match label in LabelPair().Matches(match.Groups["labels"].Value))
                labels[label.Groups["key"].Value] = label.Groups["value"].Value.Replace("\\\"", "\"").Replace("\\\\", "\\");
            var value = match.Groups["value"].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                var number => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            scrape._samples.Add(new Sample(name, labels, value));
        }

        return scrape;
    }

    /// <summary>The sum over the samples of <paramref name="name"/> whose labels include all of <paramref name="labels"/>.</summary>
    public double Sum(string name, params (string Key, string Value)[] labels) =>
        Matching(name, labels).Sum(s => s.Value);

    public IEnumerable<Sample> Matching(string name, params (string Key, string Value)[] labels) =>
        _samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value));

    private static string Family(string sample, Dictionary<string, string> types)
    {
        if (types.ContainsKey(sample))
            return sample;
        foreach (var suffix in new[] { "_bucket", "_sum", "_count", "_created", "_total" })
            if (sample.EndsWith(suffix, StringComparison.Ordinal) && types.ContainsKey(sample[..^suffix.Length]))
                return sample[..^suffix.Length];
        return sample;
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>([^"}]|"(\\.|[^"\\])*")*)\})? (?<value>\S+)( -?\d+)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""(?<key>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(\\.|[^"\\])*)",?""")]
    private static partial Regex LabelPair();
}
