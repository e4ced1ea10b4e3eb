using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Serialization;

namespace LeverageActors.Tests.Margin;

/// <summary>
/// A collateral removal is held to the initial margin in force (dynamic margin, issue 17 item 2), as
/// an open is: what the position's own rate allows, the raised requirement may refuse. The rate is
/// recorded on the request, so a removal recovered mid-way decides the same.
/// </summary>
public class CollateralRemovalInForceSpecs
{
    [Fact]
    public void A_removal_the_base_rate_allows_is_refused_under_the_initial_margin_in_force()
    {
        var story = new DynamicMarginStory();
        story.Swings();
        var initial = story.InForce()!.Initial;
        var s = story.S;
        var p = s.Opens(story.Trader, PositionSide.Long, 1_000m, 10m);
        var own = s.Position(p).Parameters.InitialMarginRate;
        var notional = s.Position(p).Quantity * s.Price();
        // After the swing the requirement in force is well above the market's own 1/50.
        Assert.Equal(0.02m, own);
        Assert.True(initial > 0.06m, $"initial margin in force {initial}");

        // Removing 500 of 995 leaves about 495 of equity on a notional of about 10,000: above the
        // base requirement (about 200), below the one in force (above 600).
        var held = RequestId.New();
        s.X.Send(new RemoveCollateral(p, story.Trader, held, 500m, s.Price(), s.Now) { InitialMarginRate = initial });
        var refused = Assert.IsType<PositionCommandRejected>(s.Position(p).ReplyFor(held));
        Assert.Equal(RejectionCodes.BelowInitialMargin, refused.Reason.Code);
        Assert.Contains($"{Math.Round(notional * initial, 2)}", refused.Reason.Message.Replace(",", ""));
        Assert.Equal(995m, s.Position(p).Collateral);
        Assert.Equal(initial, story.Recorded<CollateralDecreaseRequested>().Single(r => r.RequestId == held).InitialMarginRate);

        // The same removal at the position's own rate (no requirement carried) is allowed.
        var free = RequestId.New();
        s.X.Send(new RemoveCollateral(p, story.Trader, free, 500m, s.Price(), s.Now));
        Assert.IsType<PositionCommandAccepted>(s.Position(p).ReplyFor(free));
        Assert.Equal(495m, s.Position(p).Collateral);
        Assert.Null(story.Recorded<CollateralDecreaseRequested>().Single(r => r.RequestId == free).InitialMarginRate);
        s.BooksBalance();
    }

    [Fact]
    public void A_requirement_in_force_below_the_positions_own_rate_does_not_loosen_it()
    {
        var story = new DynamicMarginStory(dynamic: false);
        var s = story.S;
        var p = s.Opens(story.Trader, PositionSide.Long, 1_000m, 10m);

        // 995 − 810 = 185 of equity on about 10,000: under the own 2%, whatever a lower rate says.
        var request = RequestId.New();
        s.X.Send(new RemoveCollateral(p, story.Trader, request, 810m, s.Price(), s.Now) { InitialMarginRate = 0.01m });
        Assert.Equal(RejectionCodes.BelowInitialMargin, Assert.IsType<PositionCommandRejected>(s.Position(p).ReplyFor(request)).Reason.Code);
        s.BooksBalance();
    }

    [Fact]
    public void The_rate_round_trips_on_the_command_and_the_request_and_is_not_written_when_absent()
    {
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var command = new RemoveCollateral(PositionId.From("p"), AccountId.From("t"), RequestId.From("r"), 500m, 2_015m, at) { InitialMarginRate = 0.072284m };
        var requested = new CollateralDecreaseRequested(PositionId.From("p"), RequestId.From("r"), 500m, 2_015m, at) { InitialMarginRate = 0.072284m };
        string Json<T>(T o) => System.Text.Json.JsonSerializer.Serialize(o, LeverageJson.Options);
        T Read<T>(string json) => System.Text.Json.JsonSerializer.Deserialize<T>(json, LeverageJson.Options)!;

        Assert.Equal(command, Read<RemoveCollateral>(Json(command)));
        Assert.Equal(requested, Read<CollateralDecreaseRequested>(Json(requested)));
        Assert.DoesNotContain("initialMarginRate", Json(requested with { InitialMarginRate = null }), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("initialMarginRate", Json(command with { InitialMarginRate = null }), StringComparison.OrdinalIgnoreCase);
    }
}
