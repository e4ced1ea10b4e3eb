using System.Text.RegularExpressions;
using System.Collections.Concurrent;
using System.Globalization;
using Akka.Actor;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeverageActors.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser (Debian's chromium through Playwright) against a node started
/// with <c>--demo</c>: prices reach the chart, the demo's 40× long is liquidated in the feed, and a
/// trader sees and moves their own positions. Every check reads what the page shows.
/// </summary>
public sealed class DashboardSpecs(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    static DashboardSpecs() => SetDefaultExpectTimeout((float)TestNode.Timeout.TotalMilliseconds);

    private TestNode Node => fixture.Node;

    [Fact]
    public async Task The_page_follows_prices_a_demo_liquidation_and_a_traders_own_positions()
    {
        await using var context = await fixture.Browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var requested = new ConcurrentQueue<string>();
        var scriptErrors = new ConcurrentQueue<string>();
        page.Request += (_, request) => requested.Enqueue(request.Url);
        page.PageError += (_, error) => scriptErrors.Enqueue(error);

        await page.GotoAsync(Node.Address.ToString());
        await Expect(page.Locator("#feed-state")).ToHaveTextAsync("live");
        var eth = page.Locator("[data-market='ETH-USD']");
        await Expect(eth.Locator(".chart .empty")).ToHaveTextAsync("waiting for the first price");

        // A price tick reaches the chart.
        await Node.OperatorReports("ETH-USD", 2000m);
        await Expect(eth.Locator(".chart .last-price")).ToHaveTextAsync("2,000");
        await Expect(eth.Locator("[data-field=price]")).ToHaveTextAsync("2,000");
        await Node.OperatorReports("BTC-USD", 60_000m);
        await Node.OperatorReports("SOL-USD", 150m);

        // --demo seeds each market at its first price; the tape shows the four ETH-USD positions open.
        await Expect(page.Locator("#trade-tape li[data-kind=open]", new() { HasText = "demo-ETH-USD-" })).ToHaveCountAsync(4);
        await Node.MarketIsWatched("ETH-USD");

        // ETH slides 1.5%: the demo's 40x long (liquidation price ~1,971.70) goes at 1,970.
        foreach (var (ethPrice, btcPrice, solPrice) in new[]
                 {
                     (1996m, 60_080m, 150.4m), (1992m, 60_020m, 150.9m), (1987m, 59_950m, 150.6m),
                     (1981m, 60_110m, 151.2m), (1976m, 60_240m, 150.8m), (1970m, 60_180m, 150.3m),
                 })
        {
            await Node.OperatorReports("ETH-USD", ethPrice);
            await Node.OperatorReports("BTC-USD", btcPrice);
            await Node.OperatorReports("SOL-USD", solPrice);
        }

        // The card shows the volatility the oracle recorded, annualized, as /markets/ETH-USD has it.
        await Expect(eth.Locator("[data-fact=volatility] dt")).ToHaveTextAsync("volatility σ (year)");
        var volatility = (await ApiTrader.Json(Node.Http.GetAsync("/markets/ETH-USD"))).GetProperty("volatility");
        await Expect(eth.Locator("[data-fact=volatility] dd")).ToHaveAttributeAsync("title", new Regex("^ewma: σ .* per √s, .*% a day, from \\d+ returns$"));
        Assert.Equal("ewma", volatility.GetProperty("model").GetString());

        var breach = page.Locator("#liquidation-feed li[data-kind=breach]", new() { HasText = "demo-ETH-USD-1" });
        await Expect(breach.Locator(".num")).ToHaveTextAsync("at 1,970");
        // Full or partial as the liquidation rules decide: the page says what the position itself records.
        PositionView? after = null;
        await Eventually.Holds("the demo's 40x long to be liquidated", async () =>
            (after = await Node.Positions.Ask<PositionView>(new GetPosition(PositionId.From("demo-ETH-USD-1"), null, null), TestNode.Timeout))
            is { PendingSteps: 0 } && after.Quantity < 40m);
        var full = after!.Status == PositionStatus.Liquidated;
        var kind = full ? "full liquidation" : "partial liquidation";
        var liquidation = page.Locator("#liquidation-feed li[data-kind=liquidation]", new() { HasText = "demo-ETH-USD-1" });
        await Expect(liquidation.Locator(".kind")).ToHaveTextAsync(kind);
        await Expect(liquidation.Locator(".num")).ToHaveTextAsync([$"{Shown(40m - after.Quantity, 6)} long", "at 1,970"]);
        await Expect(eth.Locator(".chart .marker.liquidation")).ToHaveCountAsync(1);
        await Expect(eth.Locator(".chart .last-price")).ToHaveTextAsync("1,970");

        // A page opened later shows what the node published before it: the liquidation, the prices.
        var late = await context.NewPageAsync();
        await late.GotoAsync(Node.Address.ToString());
        await Expect(late.Locator("#liquidation-feed li[data-kind=liquidation]", new() { HasText = "demo-ETH-USD-1" }).Locator(".kind"))
            .ToHaveTextAsync(kind);
        await Expect(late.Locator("[data-market='ETH-USD'] .chart .marker.liquidation")).ToHaveCountAsync(1);
        await late.CloseAsync();

        // The operator halts SOL-USD: the card says so and its chart shades the halt.
        using (var halt = await Node.Http.SendAsync(Node.Request(HttpMethod.Post, "/operator/markets/SOL-USD/halt", new { minutes = 15 }, TestNode.OperatorKey)))
            halt.EnsureSuccessStatusCode();
        var sol = page.Locator("[data-market='SOL-USD']");
        await Expect(sol.Locator("[data-badge=halted]")).ToContainTextAsync("halted until ");
        await Expect(sol.Locator(".chart .halt")).ToHaveCountAsync(1);

        // Risk: the demo positions left open; the 25x long (liquidation ~1,941.4) is within 2% of 1,970.
        var risk = page.Locator("[data-risk='ETH-USD']");
        await Expect(risk.Locator("[data-stat=open] b")).ToHaveTextAsync(full ? "3" : "4");
        var profile = await ApiTrader.Json(Node.Http.GetAsync("/markets/ETH-USD/risk"));
        Assert.True(profile.GetProperty("atRisk").GetInt32() >= 1);
        await Expect(risk.Locator("[data-stat=at-risk] b")).ToHaveTextAsync(profile.GetProperty("atRisk").GetInt32().ToString(CultureInfo.InvariantCulture));

        // The trader view, after the key: a position opened through the API is there.
        var trader = await Node.NewTrader(deposit: 10_000m);
        var held = await trader.Opens("ETH-USD", "long", 1_000m, 5m);
        await ApiTrader.Json(trader.Post($"/accounts/{trader.Id}/deposits", new { asset = "ETH", amount = 1.5m }));
        await page.FillAsync("input[name=key]", trader.Key);
        await page.ClickAsync("button:text('Show my account')");
        await Expect(page.Locator("input[name=key]")).ToHaveValueAsync("");
        var mine = page.Locator($"[data-position='{held}']");
        await Expect(mine.Locator("[data-field=status]")).ToHaveTextAsync("open");
        await Expect(mine.Locator("[data-field=entry]")).ToHaveTextAsync("1,970");
        await Expect(mine.Locator("[data-field=collateral]")).ToHaveTextAsync("997.5");
        // 5,000 / 1,970 = 2.538071065989847715736040609 ETH, shown to 6 places.
        await Expect(mine.Locator("[data-field=size]")).ToHaveTextAsync("2.538071");
        await Expect(mine.Locator(".health-bar")).ToBeVisibleAsync();
        var free = page.Locator("[data-asset=USD] [data-field=free]");
        await Expect(free).ToHaveTextAsync("9,000");
        await Expect(page.Locator("[data-asset=ETH] [data-field=free]")).ToHaveTextAsync("1.5");
        var view = await ApiTrader.Json(trader.Get($"/positions/{held}"));
        await Expect(mine.Locator("[data-field=liquidation-price]")).ToHaveTextAsync(Shown(view.GetProperty("liquidationPrice").GetDecimal(), 2));

        // Open through the form: a 4x short of 500.
        var open = page.Locator("form.open-form");
        await open.Locator("select[name=market]").SelectOptionAsync("ETH-USD");
        await open.Locator("select[name=side]").SelectOptionAsync("short");
        await open.Locator("input[name=collateral]").FillAsync("500");
        await open.Locator("input[name=leverage]").FillAsync("4");
        await open.Locator("button").ClickAsync();
        await Expect(open.Locator("output")).ToContainTextAsync("opened ");
        var shortRow = page.Locator("[data-position]:has([data-field=side]:text-is('short'))");
        await Expect(shortRow.Locator("[data-field=collateral]")).ToHaveTextAsync("499");
        await Expect(free).ToHaveTextAsync("8,500");

        // Add collateral while the first answer is lost on the way back: pressing again retries with
        // the same Idempotency-Key, and the money moves once.
        var keys = new ConcurrentQueue<string>();
        var attempts = 0;
        await page.RouteAsync("**/collateral", async route =>
        {
            keys.Enqueue(route.Request.Headers.TryGetValue("idempotency-key", out var key) ? key : "");
            if (Interlocked.Increment(ref attempts) == 1)
            {
                await route.FetchAsync();
                await route.AbortAsync("connectionreset");
            }
            else
            {
                await route.ContinueAsync();
            }
        });
        var add = mine.Locator("form.collateral-form");
        await add.Locator("input").FillAsync("100");
        await add.Locator("button").ClickAsync();
        await Expect(add.Locator("output")).ToContainTextAsync("press again to retry safely");
        await add.Locator("button").ClickAsync();
        await Expect(add.Locator("output")).ToHaveTextAsync("collateral now 1,097.5 (the node had already done it: replayed)");
        await Expect(mine.Locator("[data-field=collateral]")).ToHaveTextAsync("1,097.5");
        await Expect(free).ToHaveTextAsync("8,400");
        Assert.Equal(2, keys.Count);
        Assert.Single(keys.Distinct());
        Assert.StartsWith("dash-", keys.First());

        // Close the short through its form.
        await shortRow.Locator("form.close-form button").ClickAsync();
        await Expect(shortRow.Locator("form.close-form output")).ToContainTextAsync("closed: paid out ");
        await Expect(shortRow.Locator("[data-field=status]")).ToHaveTextAsync("closed");
        var account = await ApiTrader.Json(trader.Get($"/accounts/{trader.Id}"));
        await Expect(free).ToHaveTextAsync(Shown(account.GetProperty("freeBalance").GetDecimal(), 6));

        await mine.Locator("button:text('history')").ClickAsync();
        await Expect(page.Locator(".history-list li", new() { HasText = "CollateralIncreased" })).ToContainTextAsync("amount 100");

        // The pools panel shows the pool's exact amounts, rounded to cents for the eye.
        var pool = await ApiTrader.Json(Node.Http.GetAsync("/pools/ETH-USD"));
        var poolCard = page.Locator("[data-pool='ETH-USD']");
        await Expect(poolCard.Locator("[data-field=insurance-fund] td")).ToHaveTextAsync(Shown(pool.GetProperty("insuranceFund").GetDecimal(), 2));
        await Expect(poolCard.Locator("[data-field=bad-debt] td")).ToHaveTextAsync(Shown(pool.GetProperty("badDebt").GetDecimal(), 2));
        await Expect(page.Locator("[data-health=ok]")).ToHaveTextAsync("ok");
        await Expect(page.Locator("[data-watch='ETH-USD'] td").Nth(5)).ToHaveTextAsync(new Regex("^[1-9]"));

        await page.ScreenshotAsync(new() { Path = DashboardBrowser.ArtifactPath("dashboard.png"), FullPage = true });

        // A phone's width: everything stacks, nothing is wider than the screen.
        await page.SetViewportSizeAsync(390, 844);
        await Expect(page.Locator("#trader")).ToBeVisibleAsync();
        var tooWide = await page.EvaluateAsync<string[]>("""
            () => document.documentElement.scrollWidth <= window.innerWidth ? [] :
                [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > window.innerWidth
                                 && !(e.parentElement && e.parentElement.getBoundingClientRect().right > window.innerWidth))
                    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '')
                              + ' ' + Math.round(e.getBoundingClientRect().right) + 'px')
                    .slice(0, 8)
            """);
        Assert.True(tooWide.Length == 0, $"the page is wider than a phone's screen: {string.Join(", ", tooWide)}");
        await page.ScreenshotAsync(new() { Path = DashboardBrowser.ArtifactPath("dashboard-phone.png"), FullPage = true });

        // The key stayed in the page's memory: no storage, no cookie, never in a URL.
        Assert.True(await page.EvaluateAsync<bool>("() => localStorage.length === 0 && sessionStorage.length === 0 && document.cookie === ''"));
        var origin = Node.Address.GetLeftPart(UriPartial.Authority);
        Assert.All(requested.Where(url => !url.StartsWith("data:", StringComparison.Ordinal)), url =>
        {
            Assert.StartsWith(origin + "/", url);
            Assert.DoesNotContain(trader.Key, url);
        });
        Assert.Empty(scriptErrors);

        var demo = new[] { "demo-lp", "demo-trader-1", "demo-trader-2", "demo-trader-3", "demo-trader-4" }
            .Select(id => new ApiTrader(Node, AccountId.From(id), ""));
        await Node.BooksBalance([trader, .. demo]);
    }

    [Fact]
    public async Task Money_reaches_the_page_as_exact_decimal_text()
    {
        await using var context = await fixture.Browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(Node.Address.ToString());
        var results = await page.EvaluateAsync<string[]>("""
            async () => {
              const D = await import('/dashboard/js/decimal.js');
              const { parseExact } = await import('/dashboard/js/exact-json.js');
              const body = parseExact('{"price": 2.5815778603882693102023957043, "list": [1E-7, -0.5, 10000000000000000000001], "ok": true}');
              return [
                body.price, body.list[0], body.list[1], body.list[2], String(body.ok),
                D.add('0.1', '0.2'), D.sub('10000000000000000000001', '0.000001'), D.mul('2.5', '0.0005'),
                D.div('1', '3', 6), D.div('5000', '1970', 12), D.normalize(body.list[0]),
                D.format('1234567.8915', { places: 3 }), D.format('-0.0000004'), D.format('997.5'), D.format('1960'),
                D.format('12.5', { places: 2, plus: true }), D.percent('0.0258962337911986669415651485'), D.percent('0.04', 0),
                String(D.cmp('2.50', '2.5')), String(D.cmp('-1', '0.000001')), D.round('2.675', 2), D.round('-2.675', 2),
              ];
            }
            """);
        Assert.Equal(
        [
            "2.5815778603882693102023957043", "1E-7", "-0.5", "10000000000000000000001", "true",
            "0.3", "10000000000000000000000.999999", "0.00125",
            "0.333333", "2.53807106599", "0.0000001",
            "1,234,567.892", "0", "997.5", "1,960",
            "+12.5", "2.59%", "4%",
            "0", "-1", "2.68", "-2.68",
        ], results);
    }

    /// <summary>What the page shows for an amount: rounded half away from zero, thousands grouped, no trailing zeros.</summary>
    private static string Shown(decimal value, int places) =>
        Math.Round(value, places, MidpointRounding.AwayFromZero).ToString("#,0." + new string('#', places), CultureInfo.InvariantCulture);
}
