using Akka.Actor;
using LeverageActors.Actors.Markets;
using LeverageActors.Host.Api.Problems;
using LeverageActors.Host.Node;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;

namespace LeverageActors.Host.Api;

/// <summary>A market's latest oracle price, and whether it is fresh enough to trade at.</summary>
public sealed record MarketQuote(
    MarketId Market, decimal? Price, DateTimeOffset? PriceAt, long Sequence, bool Stale, bool Halted, DateTimeOffset? HaltedUntil,
    VolatilityUpdated? Volatility,
    MarginInForce? Margin = null);

/// <summary>The price a command executes at, the margin in force at it, and, at the next price, which price that was.</summary>
public sealed record ExecutionPrice(decimal Price, MarginInForce? Margin, Execution? Execution);

/// <summary>The prices commands act at: the oracle's, never the caller's.</summary>
public sealed class MarketQuotes(TradingGateway gateway, MarketCatalog catalog, NodeSettings node, ApiSettings api)
{
    public async Task<MarketQuote> Quote(MarketId market, CancellationToken token)
    {
        var now = gateway.Now;
        var answer = (OraclePriceResponse)await gateway.Ask(new GetOraclePrice(market, now), token);
        var staleAfter = (catalog.Oracle(market) ?? OracleParameters.Default).StaleAfter;
        var stale = answer.Price is null || answer.PriceAt is not { } at || now - at > staleAfter;
        return new MarketQuote(market, answer.Price, answer.PriceAt, answer.Sequence, stale, answer.Halted, answer.HaltedUntil, answer.Volatility, answer.Margin);
    }

    /// <summary>The fresh price to act at, or the problem that stops the command.</summary>
    public async Task<(decimal Price, ApiAnswer? Problem)> PriceToTrade(MarketId market, CancellationToken token)
    {
        var (price, _, problem) = await QuoteToTrade(market, token);
        return (price, problem);
    }

    /// <summary>The same, with the dynamic margin in force at that price (null in a market without one).</summary>
    public async Task<(decimal Price, MarginInForce? Margin, ApiAnswer? Problem)> QuoteToTrade(MarketId market, CancellationToken token)
    {
        var (quote, problem) = await FreshQuote(market, token);
        return quote is { Price: { } price } ? (price, quote.Margin, null) : (0m, null, problem);
    }

    /// <summary>The market's quote when its price is fresh enough to act at (its number included), or the problem that stops the command.</summary>
    public async Task<(MarketQuote? Quote, ApiAnswer? Problem)> FreshQuote(MarketId market, CancellationToken token)
    {
        var quote = await Quote(market, token);
        return quote is { Stale: false, Price: not null }
            ? (quote, null)
            : (null, ProblemKinds.StalePrice.Answer(quote.Price is null
                ? $"{market} has no oracle price yet."
                : $"{market}'s last oracle price is from {quote.PriceAt:O}, older than its oracle allows."));
    }

    /// <summary>
    /// The price a trader's action executes at. With next-price execution on (<c>Execution:NextPrice</c>)
    /// the first oracle price accepted after this request reached the oracle, waited for up to the
    /// market's staleness limit (then <c>stale-price</c>, and nothing is recorded): a price the
    /// caller could know when sending cannot be the one it gets, so knowing the next tick earlier
    /// than the oracle pays nothing. Off: the latest fresh price, as before.
    /// Takes no cancellation of the caller's: a request that reached the oracle executes whether or not
    /// its caller is still there (<see cref="Executing"/>).
    /// </summary>
    /// <param name="haltRefuses">What adds risk or takes value at a price the breaker doubts (an open, a collateral
    /// removal, an LP move, a spend from a cross account): refused (<c>market-halted</c>) at a next price that
    /// trips the market's circuit breaker or falls inside its halt, since the oracle answers before the halt
    /// has reached the pool, which would otherwise be what refuses an open; off next-price, at a quote inside
    /// a halt.</param>
    public async Task<(ExecutionPrice? Price, ApiAnswer? Problem)> ToExecute(MarketId market, bool haltRefuses = false)
    {
        if (!node.NextPriceExecution)
        {
            var (quote, problem) = await FreshQuote(market, Executing);
            if (problem is not null)
                return (null, problem);
            if (haltRefuses && quote!.Halted)
                return (null, Halted(market, $"its price #{quote.Sequence} at {quote.Price}", quote.HaltedUntil));
            return (new ExecutionPrice(quote!.Price!.Value, quote.Margin, null), null);
        }

        var wait = NextPriceWait(market);
        var now = gateway.Now;
        object answer;
        try
        {
            // The oracle answers at its deadline; the ask outlives it by the API's own wait, for an oracle that moved away.
            answer = await gateway.Ask(new AwaitNextPrice(market, now, now + wait), wait + api.AskTimeout, Executing);
        }
        catch (Akka.Actor.AskTimeoutException)
        {
            answer = new NextPriceMissed(market, 0, now + wait);
        }

        if (haltRefuses && answer is NextPrice { HaltedUntil: { } until } halting)
            return (null, Halted(market, $"its next price, #{halting.Sequence} at {halting.Price},", until));
        return answer is NextPrice next
            ? (new ExecutionPrice(next.Price, next.Margin, next.Execution), null)
            : (null, ProblemKinds.StalePrice.Answer($"{market} accepted no oracle price within {wait.TotalSeconds:0.###} s of the request; nothing was done."));
    }

    /// <summary>
    /// With next-price execution on, keeps <paramref name="amount"/> of the account's free balance back
    /// for request <paramref name="request"/> while it waits for its price and executes
    /// (<see cref="HoldForExecution"/>; <paramref name="opens"/>: the position an open's lock is for): no
    /// withdrawal and no collateral added elsewhere can empty the account under it; refused (the
    /// problem to answer) when the free balance less what is held cannot cover it. A cross open
    /// holds its opening fee (<paramref name="amount"/>) and <paramref name="crossMargin"/> of the
    /// account's cross equity above its requirement, judged at every market's latest price (fetched
    /// for any other request only when its account answers that cross margin decides for it). Taken before
    /// the request goes to the oracle; it ends when the request spends it, when the returned lease is
    /// disposed (the request was refused or never sent), or at the hold's own time, past the longest
    /// the request can take (a lease lost with its node, a command whose answer never came).
    /// </summary>
    public async Task<(HeldFunds Held, ApiAnswer? Refused)> Hold(AccountId account, RequestId request, decimal amount, MarketId market,
        PositionId? opens = null, decimal? crossMargin = null, IReadOnlyList<Messages.Accounts.MarketMark>? marks = null,
        Messages.Positions.PositionSide? side = null, decimal? leverage = null)
    {
        if (!node.NextPriceExecution || amount <= 0 && crossMargin is null)
            return (HeldFunds.None, null);
        var lease = Guid.NewGuid();
        // Its time runs from when it is asked for, after any prices were fetched: the longest the request can take from there.
        HoldForExecution HoldAt(IReadOnlyList<Messages.Accounts.MarketMark>? at) =>
            new(account, request, amount, gateway.Now, gateway.Now + NextPriceWait(market) + 3 * api.AskTimeout, lease, opens)
            {
                CrossMarginNeeded = crossMargin,
                Marks = at,
                Market = market,
                Side = side,
                Leverage = leverage,
            };
        var hold = HoldAt(marks ?? (crossMargin is null ? null : await Marks(Executing)));
        var answer = await gateway.Ask(hold, Executing);
        // Only an account cross margin decides for needs the prices, and it says so: most never do, and pay no asks for them.
        if (node.CrossMargin && hold.Marks is null && answer is AccountCommandRejected { Reason.Code: RejectionCodes.StalePrice })
            answer = await gateway.Ask(HoldAt(await Marks(Executing)), Executing);
        return answer is ExecutionHeld
            ? (new HeldFunds(gateway, new ReleaseExecutionHold(account, request, lease)), null)
            : (HeldFunds.None, Replies.Answer(answer));
    }

    private TimeSpan NextPriceWait(MarketId market) =>
        node.NextPriceWait ?? (catalog.Oracle(market) ?? OracleParameters.Default).StaleAfter;

    /// <summary>
    /// What a trade waits under from its request to the oracle on, in place of the caller's
    /// <c>RequestAborted</c>: nothing. A caller who could take a request back by going away would
    /// hold an option on the price: send, watch the oracle's next price, and hang up if it is
    /// against them (THREATS 1). So a request that reached the oracle runs to its execution, and a
    /// caller who went away reads the outcome afterwards (its position, its balance, or the same
    /// request again under its idempotency key).
    /// </summary>
    public static CancellationToken Executing => CancellationToken.None;

    /// <summary>
    /// The marks a spend from <paramref name="account"/> (a withdrawal, collateral moved to an isolated
    /// position) is judged at, or the problem that stops it. An account holding cross positions is
    /// valued at every market that prices it (<see cref="AccountBalanceResponse.MarkedBy"/>): with
    /// next-price execution on, only once each has accepted a price after the request, so that margin
    /// cannot leave at a price the trader already knows is stale (THREATS 1 and 3: withdraw, then let
    /// the loss fall on the pool). From the wait on the request runs to its end (<see cref="Executing"/>).
    /// Any other account: the latest marks, as before. With <paramref name="haltRefuses"/> (all but collateral
    /// added to save a position, which must work in a halt as liquidations do) a market that values the account
    /// inside its breaker's halt refuses the spend (<see cref="UnhaltedMarks"/>).
    /// </summary>
    public async Task<(IReadOnlyList<MarketMark>? Marks, ApiAnswer? Problem)> MarksForSpend(AccountId account, CancellationToken token,
        bool haltRefuses = true, bool admitsCross = false)
    {
        if (node.CrossMargin && node.NextPriceExecution
            && await gateway.Ask(new GetAccountBalance(account), token) is AccountBalanceResponse { MarkedBy: { Count: > 0 } markets })
        {
            var waited = await Task.WhenAll(markets.Select(m => ToExecute(m, haltRefuses)));
            if (waited.FirstOrDefault(w => w.Problem is not null).Problem is { } stale)
                return (null, stale);
            return haltRefuses ? await UnhaltedMarks(account, Executing, admitsCross) : (await Marks(Executing), null);
        }

        return haltRefuses && node.CrossMargin ? await UnhaltedMarks(account, token, admitsCross) : (await Marks(token), null);
    }

    /// <summary>
    /// The latest marks, as <see cref="Marks"/> reads them, less every market inside its breaker's halt, or
    /// <c>market-halted</c> when one of those values <paramref name="account"/>: a spike the breaker doubts is
    /// no value to take out or to carry new risk on, as an isolated position's collateral removal is refused in
    /// the halt. Read again after any wait for next prices, since a market can trip while another's price is
    /// awaited. A halted market the account comes to be valued in by the decision itself (the market of a
    /// first cross position) has no mark, so the account refuses for want of a price.
    /// </summary>
    /// <param name="admitsCross">A cross open: the account's assets value it even before its first cross position.</param>
    public async Task<(IReadOnlyList<MarketMark>? Marks, ApiAnswer? Problem)> UnhaltedMarks(AccountId account, CancellationToken token,
        bool admitsCross = false)
    {
        var read = await Task.WhenAll(OrderedMarkets.Select(market => MarkAndHalt(market, token)));
        var marks = read.Where(r => r.HaltedUntil is null).Select(r => r.Mark).OfType<MarketMark>().ToList();
        if (read.All(r => r.HaltedUntil is null))
            return (marks, null);
        // The markets its cross valuation reads: with cross positions, theirs and its assets' (MarkedBy); a cross admission reads the assets' without.
        var balance = await gateway.Ask(new GetAccountBalance(account), token) as AccountBalanceResponse;
        var assets = admitsCross ? (balance?.Assets ?? []).Where(a => a.Balance != 0).Select(a => catalog.Collateral.Find(a.Asset)?.Market) : [];
        var valuing = (balance?.MarkedBy ?? []).Concat(assets.OfType<MarketId>()).ToHashSet();
        return read.FirstOrDefault(r => r.HaltedUntil is not null && r.Mark is { } m && valuing.Contains(m.Market)) is { Mark: { } halted } h
            ? (null, Halted(halted.Market, $"its price #{halted.Sequence} at {halted.Price}", h.HaltedUntil))
            : (marks, null);
    }

    private static ApiAnswer Halted(MarketId market, string price, DateTimeOffset? until) =>
        ProblemKinds.Of(new Rejection(RejectionCodes.MarketHalted,
            $"{market}: {price} is under its circuit breaker's halt until {until:O}: nothing that adds risk or takes value at it; nothing was done."));

    /// <summary>Whether <paramref name="account"/> recorded <paramref name="request"/>: a retry of it is answered from that record.</summary>
    public async Task<bool> Recorded(AccountId account, RequestId request) =>
        await gateway.Ask(new GetRequestRecorded(account, request), Executing) is RequestRecorded { Recorded: true };

    /// <summary>
    /// Every market's latest fresh oracle price with its number and margin in force, and its pool's borrow and funding indexes now: what a
    /// cross-margin decision values the account at. A market without a fresh price is left out, so an
    /// account exposed to it is refused rather than valued at an old price.
    /// </summary>
    public async Task<IReadOnlyList<Messages.Accounts.MarketMark>> Marks(CancellationToken token)
    {
        // Each market's two asks go to its own oracle and pool: every market is asked at once, and the marks keep the catalog's order.
        var marks = await Task.WhenAll(OrderedMarkets.Select(market => MarkAndHalt(market, token)));
        return marks.Select(m => m.Mark).OfType<Messages.Accounts.MarketMark>().ToList();
    }

    private IEnumerable<MarketId> OrderedMarkets => catalog.Markets.Keys.OrderBy(m => m.Value, StringComparer.Ordinal);

    /// <summary>
    /// A market's mark and the breaker's halt its price is inside, if any. A market whose oracle or pool does not answer is left
    /// out, as a stale one is: only an account exposed to it is refused.
    /// </summary>
    private async Task<(Messages.Accounts.MarketMark? Mark, DateTimeOffset? HaltedUntil)> MarkAndHalt(MarketId market, CancellationToken token)
    {
        try
        {
            if (await Quote(market, token) is not { Stale: false, Price: { } price } quote)
                return (null, null);
            var pool = await Pool(market, token);
            return (new Messages.Accounts.MarketMark(market, price, quote.Sequence, pool.BorrowIndex)
            {
                Margin = quote.Margin,
                Funding = Actors.Accounts.CrossFunding.Of(pool),
            }, quote.Halted ? quote.HaltedUntil : null);
        }
        catch (AskTimeoutException)
        {
            return (null, null);
        }
    }

    /// <summary>The pool now: its borrow index and each side's funding index, accrued to this moment.</summary>
    public async Task<PoolStateResponse> Pool(MarketId market, CancellationToken token) =>
        (PoolStateResponse)await gateway.Ask(new GetPoolState(market, null, gateway.Now) { AllProviders = false }, token);
}
