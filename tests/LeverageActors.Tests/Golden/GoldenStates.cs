using System.Text.Json;
using System.Text.Json.Nodes;
using LeverageActors.Actors.Common;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Serialization;

namespace LeverageActors.Tests.Golden;

/// <summary>
/// What a journal folds to, as a document: for each entity what it shows (its view), what it still
/// has to send (its outbox) and how it answers every request it has seen. Only what the entities
/// expose, never their internal shape, so the same document is expected whatever the states look
/// like inside.
/// </summary>
public static class GoldenStates
{
    public static string Of(IEnumerable<(string PersistenceId, ILeverageEvent Event)> journal, DateTimeOffset end)
    {
        var fold = new JournalFold(Actors.Markets.MarketCatalog.Default);
        var requests = new Dictionary<string, SortedSet<string>>();
        foreach (var (persistenceId, evt) in journal)
        {
            fold.Apply(evt);
            if (RequestOf(evt) is { } request)
                (requests.TryGetValue(persistenceId, out var seen) ? seen : requests[persistenceId] = new(StringComparer.Ordinal)).Add(request.Value);
        }

        var root = new JsonObject
        {
            ["accounts"] = new JsonArray(fold.Accounts.Values.OrderBy(a => a.Id.Value, StringComparer.Ordinal).Select(a => (JsonNode)new JsonObject
            {
                ["id"] = a.Id.Value,
                ["view"] = Node(a.View()),
                ["positions"] = Node(a.Positions),
                ["outbox"] = Outbox(a.Outbox),
                ["replies"] = Replies(requests.GetValueOrDefault(PersistenceIds.Account(a.Id)), a.ReplyFor),
            }).ToArray()),
            ["positions"] = new JsonArray(fold.Positions.Values.OrderBy(p => p.Id.Value, StringComparer.Ordinal).Select(p => (JsonNode)new JsonObject
            {
                ["id"] = p.Id.Value,
                ["view"] = Node(p.View(null, null)),
                ["openBreach"] = p.OpenBreach is null ? null : Node(p.OpenBreach),
                ["lastPriceSequence"] = p.LastPriceSequence,
                ["outbox"] = Outbox(p.Outbox),
                ["replies"] = Replies(requests.GetValueOrDefault(PersistenceIds.Position(p.Id)), p.ReplyFor),
            }).ToArray()),
            ["pools"] = new JsonArray(fold.Pools.Values.OrderBy(p => p.Market.Value, StringComparer.Ordinal).Select(p => (JsonNode)new JsonObject
            {
                ["market"] = p.Market.Value,
                ["view"] = Node(p.AccruedTo(end).View(null, end)),
                ["reservations"] = new JsonArray(p.Reservations.OrderBy(r => r.Key.Value, StringComparer.Ordinal).Select(r => (JsonNode)new JsonObject
                {
                    ["position"] = r.Key.Value,
                    ["side"] = r.Value.Side.ToString(),
                    ["quantity"] = r.Value.Quantity,
                    ["entryPrice"] = r.Value.EntryPrice,
                    ["collateral"] = r.Value.Collateral,
                    ["reserved"] = r.Value.Reserved,
                    ["borrowIndex"] = r.Value.BorrowIndex,
                    ["openBreach"] = r.Value.OpenBreach,
                    ["resolvedBreach"] = r.Value.ResolvedBreach,
                }).ToArray()),
                ["outbox"] = Outbox(p.Outbox),
            }).ToArray()),
            ["oracles"] = new JsonArray(fold.Oracles.Values.OrderBy(o => o.Market.Value, StringComparer.Ordinal).Select(o => (JsonNode)new JsonObject
            {
                ["market"] = o.Market.Value,
                ["view"] = Node(o.View(end, new Dictionary<string, long>())),
                ["outbox"] = Outbox(o.Outbox),
            }).ToArray()),
        };
        return root.ToJsonString(new JsonSerializerOptions(LeverageJson.Options) { WriteIndented = true });
    }

    private static RequestId? RequestOf(ILeverageEvent evt) => evt switch
    {
        IAccountEvent e => e.RequestId,
        PositionOpenRequested e => e.RequestId,
        CollateralIncreaseRequested e => e.RequestId,
        CollateralDecreaseRequested e => e.RequestId,
        PositionSettlementRequested e => e.RequestId,
        _ => null,
    };

    private static JsonNode? Node(object value) => JsonSerializer.SerializeToNode(value, value.GetType(), LeverageJson.Options);

    private static JsonArray Outbox(IReadOnlyList<object> outbox) =>
        new(outbox.Select(m => (JsonNode)new JsonObject { ["type"] = m.GetType().Name, ["message"] = Node(m) }).ToArray());

    private static JsonObject Replies(SortedSet<string>? requests, Func<RequestId, object?> replyFor)
    {
        var replies = new JsonObject();
        foreach (var request in requests ?? [])
            replies[request] = replyFor(RequestId.From(request)) is { } reply
                ? new JsonObject { ["type"] = reply.GetType().Name, ["reply"] = Node(reply) }
                : null;
        return replies;
    }
}
