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

    public static (MarketId Market, ApiAnswer? Problem) Market(MarketCatalog catalog, string? name)
    {
        if (IdRules.IsValid(name) && catalog.Find(MarketId.From(name!)) is not null)
            return (MarketId.From(name!), null);
        return (default, ProblemKinds.Of(new Rejection(RejectionCodes.UnknownMarket,
            $"{(IdRules.IsValid(name) ? $"'{name}' is" : "That is")} not a market traded here; markets: {string.Join(", ", catalog.Markets.Keys)}.")));
    }
}
