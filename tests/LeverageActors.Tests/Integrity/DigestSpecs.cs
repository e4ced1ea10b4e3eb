using LeverageActors.Actors.Integrity;

namespace LeverageActors.Tests.Integrity;

/// <summary>The digest's own parts, without a journal: the root, its one-line form, its signature.</summary>
public sealed class DigestSpecs
{
    private static readonly StreamHead[] Heads =
    [
        new("account-A", 3, Link("account-A", 3)),
        new("pool-ETH-USD", 7, Link("pool-ETH-USD", 7)),
        new("position-p1", 2, Link("position-p1", 2)),
    ];

    private static byte[] Link(string entity, long sequence) =>
        ChainHash.Link(ChainHash.Genesis, entity, sequence, "AD", "{}"u8);

    [Fact]
    public void The_root_commits_to_every_head_whatever_order_they_come_in()
    {
        var root = MerkleRoot.Of(Heads);

        Assert.Equal(root, MerkleRoot.Of(Heads.Reverse()));
        Assert.NotEqual(root, MerkleRoot.Of(Heads.Take(2)));
        Assert.NotEqual(root, MerkleRoot.Of([Heads[0], Heads[1], Heads[2] with { Sequence = 1 }]));
        Assert.NotEqual(root, MerkleRoot.Of([Heads[0], Heads[1], Heads[2] with { Hash = Link("position-p1", 9) }]));
    }

    [Fact]
    public void The_line_carries_what_the_root_commits_to()
    {
        var digest = JournalDigest.Of(Heads, 42, DateTimeOffset.UnixEpoch);

        var parsed = JournalDigest.Parse(digest.Line, out var error);

        Assert.Equal("", error);
        Assert.Equal((42L, 3, digest.Root), (parsed!.HighestOrdering, parsed.Streams, parsed.Root));
        Assert.Null(parsed.Heads);
        Assert.Equal(digest.Heads, JournalDigest.Parse(digest.ToFile(), out _)!.Heads);
    }

    [Fact]
    public void Neither_a_file_nor_a_line_is_a_clear_error()
    {
        Assert.Null(JournalDigest.Parse("ljd1.x.3.abc", out var error));
        Assert.Contains("neither a digest file nor a digest line", error);
    }

    [Fact]
    public void A_signed_digest_verifies_with_its_key_and_not_once_changed()
    {
        using var signer = DigestSigner.FromSeed(DigestSigner.NewSeed(), out _)!;
        var digest = signer.Sign(JournalDigest.Of(Heads, 42, DateTimeOffset.UnixEpoch));

        Assert.True(DigestSigner.Verify(digest));
        Assert.True(DigestSigner.Verify(JournalDigest.Parse(digest.Line, out _)!));
        Assert.False(DigestSigner.Verify(digest with { HighestOrdering = 43 }));
        Assert.False(DigestSigner.Verify(digest with { Root = MerkleRoot.Of(Heads.Take(2)) }));
    }

    [Fact]
    public void A_digest_must_be_signed_by_the_operators_key_when_one_is_required()
    {
        using var operatorKey = DigestSigner.FromSeed(DigestSigner.NewSeed(), out _)!;
        using var otherKey = DigestSigner.FromSeed(DigestSigner.NewSeed(), out _)!;
        var digest = JournalDigest.Of([], 0, DateTimeOffset.UnixEpoch);

        Assert.Empty(DigestCheck.Verify(operatorKey.Sign(digest), new JournalChains(), operatorKey.PublicKey).Breaks);
        Assert.Contains("signed by", Assert.Single(DigestCheck.Verify(otherKey.Sign(digest), new JournalChains(), operatorKey.PublicKey).Breaks).Found);
        Assert.Contains("not signed", Assert.Single(DigestCheck.Verify(digest, new JournalChains(), operatorKey.PublicKey).Breaks).Found);
    }

    [Fact]
    public void A_digest_file_whose_heads_were_edited_no_longer_matches_its_root()
    {
        var digest = JournalDigest.Of(Heads, 42, DateTimeOffset.UnixEpoch);
        var edited = digest with { Heads = digest.Heads!.Skip(1).ToList() };

        var check = DigestCheck.Verify(edited, DigestCheck.ChainsFor(edited));

        Assert.Contains(check.Breaks, b => b.Entity == "digest" && b.Found.Contains("edited"));
    }

    [Fact]
    public void A_bad_signing_key_is_refused_with_the_reason()
    {
        Assert.Null(DigestSigner.FromSeed("abc", out var error));
        Assert.Contains("64 hex digits", error);
    }
}
