using LeverageActors.Actors.Integrity;
using LeverageActors.Host.Node;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Integrity;

/// <summary>The node takes digests on its own schedule, and its Digest settings are checked at start.</summary>
public sealed class DigestScheduleSpecs
{
    [Fact]
    public async Task A_node_takes_a_signed_digest_on_its_schedule_covering_what_was_written()
    {
        using var database = TestDatabase.OnDisk();
        var seed = DigestSigner.NewSeed();
        using var signer = DigestSigner.FromSeed(seed, out _)!;
        await using var node = await TestNode.StartAsync(database, new NodeOptions { Node = s => s with { DigestEvery = TimeSpan.FromSeconds(1), DigestSigningKey = seed } });
        await node.NewTrader(deposit: 1_000m);
        var written = Convert.ToInt64(await database.ScalarAsync("SELECT MAX(ordering) FROM journal WHERE persistence_id <> 'journal-digest'"));
        var file = Path.Combine(Path.GetDirectoryName(database.FilePath)!, DigestSettings.DefaultFileName);

        JournalDigest? digest = null;
        await Eventually.Holds("a digest covering the deposit", () => Task.FromResult(
            File.Exists(file) && (digest = JournalDigest.Parse(file, out _)) is { } d && d.HighestOrdering >= written));

        Assert.Equal(signer.PublicKey, digest!.PublicKey);
        Assert.True(DigestSigner.Verify(digest));
    }

    [Theory]
    [InlineData("30", 30)]
    [InlineData("00:05:00", 300)]
    [InlineData("off", 0)]
    [InlineData(null, 60)]
    public void Digest_every_takes_seconds_a_time_span_or_off(string? value, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), DigestConfiguration.Every(value));

    [Theory]
    [InlineData("-5")]
    [InlineData("soon")]
    [InlineData("1e20")]
    [InlineData("Infinity")]
    public void A_digest_interval_that_makes_no_sense_stops_the_node_with_its_name(string value) =>
        Assert.Contains("Digest:Every", Assert.Throws<ConfigurationError>(() => DigestConfiguration.Every(value)).Message);

    [Fact]
    public void A_signing_key_that_is_not_an_ed25519_seed_stops_the_node_with_its_name() =>
        Assert.Contains("Digest:SigningKey", Assert.Throws<ConfigurationError>(() => DigestConfiguration.SigningKey("not-hex")).Message);
}
