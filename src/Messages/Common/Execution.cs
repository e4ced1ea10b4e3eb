namespace LeverageActors.Messages.Common;

/// <summary>
/// Next-price execution (issue 18 item 1): the request reached the oracle at <c>RequestedAt</c>, when
/// its latest price was number <c>RequestSequence</c>, and acts at price number <c>PriceSequence</c>,
/// the first one accepted after it. A price known when the request was sent cannot be the one it gets.
/// </summary>
public sealed record Execution(DateTimeOffset RequestedAt, long RequestSequence, long PriceSequence)
{
    /// <summary>Why a recorded execution cannot stand: its price is not later than its request; null when it can.</summary>
    public static Rejection? Refusal(Execution? execution) =>
        execution is { } e && e.PriceSequence <= e.RequestSequence
            ? new Rejection(RejectionCodes.InvalidPrice,
                $"The execution price #{e.PriceSequence} is not after the request's price #{e.RequestSequence}.")
            : null;
}
