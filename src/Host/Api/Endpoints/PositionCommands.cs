using LeverageActors.Host.Api.Access;
using LeverageActors.Host.Api.Problems;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;
using Microsoft.AspNetCore.Http;

namespace LeverageActors.Host.Api.Endpoints;

/// <summary>
/// Reads and commands on one of the caller's positions. A position of another account reads as
/// missing (404), exactly like one that does not exist.
/// </summary>
public sealed class PositionCommands(TradingGateway gateway, MarketQuotes quotes)
{
    public DateTimeOffset Now => gateway.Now;

    public async Task<(PositionView? View, ApiAnswer? Problem)> Own(
        HttpContext http, string positionId, decimal? price = null, decimal? index = null, decimal? fundingIndex = null)
    {
        if (!IdRules.IsValid(positionId))
            return (null, Missing);
        var reply = await gateway.Ask(new GetPosition(PositionId.From(positionId), price, index) { FundingIndex = fundingIndex }, http.RequestAborted);
        return reply is PositionView view && view.AccountId == Caller.Of(http) ? (view, null) : (null, Missing);
    }

    /// <summary>
    /// The caller's position valued at the latest price with interest and funding to now. <paramref name="marks"/>
    /// holds each market's price and pool indexes once looked up, so a list of positions asks the
    /// oracle and the pool once per market, not once per position.
    /// </summary>
    public async Task<(PositionView? View, ApiAnswer? Problem)> OwnValued(
        HttpContext http, string positionId, Dictionary<MarketId, ValuationMark?>? marks = null)
    {
        var (view, problem) = await Own(http, positionId);
        if (view is null || view.Status != PositionStatus.Open)
            return (view, problem);
        marks ??= [];
        if (!marks.TryGetValue(view.Market, out var mark))
            marks[view.Market] = mark = await Mark(view.Market, http.RequestAborted);
        return mark is { } m ? await Own(http, positionId, m.Price, m.BorrowIndex, m.FundingIndexOf(view.Side)) : (view, null);
    }

    private async Task<ValuationMark?> Mark(MarketId market, CancellationToken token)
    {
        if ((await quotes.Quote(market, token)).Price is not { } price)
            return null;
        var pool = await quotes.Pool(market, token);
        return new ValuationMark(price, pool.BorrowIndex, pool.LongFundingIndex, pool.ShortFundingIndex);
    }

    /// <summary>
    /// Runs a command on the caller's position at the market's fresh price (none needed to add
    /// collateral: that must work while the oracle is down). The builder may refuse with a problem.
    /// A command that <paramref name="executes"/> a trade acts at the price next-price execution gives
    /// (<see cref="MarketQuotes.ToExecute"/>), and carries which price that was.
    /// </summary>
    public Task<ApiAnswer> Act(HttpContext http, string positionId, Func<PositionView, decimal, object> command, bool needsPrice = true,
        bool executes = false) =>
        Act(http, positionId, (view, price, _) => command(view, price), needsPrice, executes);

    /// <summary>The same, with the dynamic margin in force at that price (null in a market without one, or without a price).</summary>
    public Task<ApiAnswer> Act(HttpContext http, string positionId, Func<PositionView, decimal, MarginInForce?, object> command, bool needsPrice = true,
        bool executes = false, bool haltRefuses = false) =>
        Act(http, positionId, command, reply => Replies.Answer(reply), needsPrice, executes, haltRefuses);

    /// <summary>The same, with the entity's reply made an answer by <paramref name="answer"/> (an answer of the command's own shape).</summary>
    public async Task<ApiAnswer> Act(HttpContext http, string positionId, Func<PositionView, decimal, MarginInForce?, object> command,
        Func<object, ApiAnswer> answer, bool needsPrice = true, bool executes = false, bool haltRefuses = false)
    {
        var (view, problem) = await Own(http, positionId);
        if (problem is not null)
            return problem;
        var price = 0m;
        MarginInForce? margin = null;
        Execution? execution = null;
        long? quoted = null;
        if (executes)
        {
            var (executing, stale) = await quotes.ToExecute(view!.Market, haltRefuses);
            if (stale is not null)
                return await FromRecord(view, command, answer) ?? stale;
            (price, margin, execution) = executing!;
        }
        else if (needsPrice)
        {
            var (quote, stale) = await quotes.FreshQuote(view!.Market, http.RequestAborted);
            if (stale is not null)
                return await FromRecord(view, command, answer) ?? stale;
            (price, margin, quoted) = (quote!.Price!.Value, quote.Margin, quote.Sequence);
        }

        return command(view!, price, margin) switch
        {
            ApiAnswer refused => refused,
            var message => answer(await gateway.Ask(QuotedAt(ExecutedAt(message, execution), quoted), executes ? MarketQuotes.Executing : http.RequestAborted)),
        };
    }

    /// <summary>A trigger carries the number of the price it was placed against: only a later one may reach it.</summary>
    private static object QuotedAt(object command, long? sequence) => (command, sequence) switch
    {
        (PlaceTrigger t, { } number) => t with { PriceSequence = number },
        _ => command,
    };

    /// <summary>The position's answer to a command it has recorded (built without a price: it reads none then); null for one it has not.</summary>
    private async Task<ApiAnswer?> FromRecord(PositionView view, Func<PositionView, decimal, MarginInForce?, object> command, Func<object, ApiAnswer> answer) =>
        command(view, 0m, null) is IPositionCommand retried && await Recorded(retried.PositionId, retried.RequestId)
            ? answer(await gateway.Ask(retried, MarketQuotes.Executing))
            : null;

    /// <summary>
    /// Whether the position has recorded <paramref name="request"/>: a retry of it is answered from
    /// that record, not told "nothing was done" for want of a price (<see cref="RequestRecorded"/>).
    /// Asked only when no price came, so the trades that get one pay nothing for it.
    /// </summary>
    public async Task<bool> Recorded(PositionId position, RequestId request) =>
        await gateway.Ask(new GetPositionRequestRecorded(position, request), MarketQuotes.Executing) is RequestRecorded { Recorded: true };

    private static object ExecutedAt(object command, Execution? execution) => (command, execution) switch
    {
        (_, null) => command,
        (RemoveCollateral r, _) => r with { Execution = execution },
        (DecreasePosition d, _) => d with { Execution = execution },
        (ClosePosition x, _) => x with { Execution = execution },
        _ => command,
    };

    private static ApiAnswer Missing => ProblemKinds.NotFound.Answer("No such position for this key.");
}
