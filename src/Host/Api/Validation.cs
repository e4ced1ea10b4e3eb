using LeverageActors.Actors.Common;
using LeverageActors.Actors.Markets;
using LeverageActors.Host.Api.Problems;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Host.Api;

/// <summary>Field checks the API makes before anything reaches an entity, each naming its field.</summary>
public static class Validation
{
    public static ApiAnswer? Amount(string field, decimal value) =>
        AmountRules.Check(value, field) is { } refused ? ProblemKindAnswers.Field(field, refused.Message) : null;

    public static ApiAnswer? Shares(decimal value) =>
        AmountRules.CheckShares(value) is { } refused ? ProblemKindAnswers.Field("shares", refused.Message) : null;

    /// <summary>USD when left out; otherwise a collateral asset of the catalog, or the unknown-asset problem.</summary>
    public static (AssetId Asset, ApiAnswer? Problem) Asset(MarketCatalog catalog, string? name)
    {
        if (name is null)
            return (AssetId.Usd, null);
        if (IdRules.IsValid(name) && (name == AssetId.Usd.Value || catalog.Collateral.Find(AssetId.From(name)) is not null))
            return (AssetId.From(name), null);
        return (default, ProblemKinds.Of(new Rejection(RejectionCodes.UnknownAsset,
            $"{(IdRules.IsValid(name) ? $"'{name}' is" : "That is")} not an asset held here; assets: {string.Join(", ", catalog.Collateral.Names)}.")));
    }

    public static (MarketId Market, ApiAnswer? Problem) Market(MarketCatalog catalog, string? name)
    {
        if (IdRules.IsValid(name) && catalog.Find(MarketId.From(name!)) is not null)
            return (MarketId.From(name!), null);
        return (default, ProblemKinds.Of(new Rejection(RejectionCodes.UnknownMarket,
            $"{(IdRules.IsValid(name) ? $"'{name}' is" : "That is")} not a market traded here; markets: {string.Join(", ", catalog.Markets.Keys)}.")));
    }
}
