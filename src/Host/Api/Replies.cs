using LeverageActors.Host.Api.Models;
using LeverageActors.Host.Api.Problems;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Host.Api;

/// <summary>An entity's reply as an API answer: a refusal becomes its problem, anything else the body.</summary>
public static class Replies
{
    public static Rejection? RejectionOf(object reply) => reply switch
    {
        AccountCommandRejected a => a.Reason,
        PositionCommandRejected p => p.Reason,
        PoolCommandRejected q => q.Reason,
        _ => null,
    };

    public static ApiAnswer Answer(object reply, int status = 200) =>
        RejectionOf(reply) is { } refused ? ProblemKinds.Of(refused) : new ApiAnswer(status, Model(reply));

    /// <summary>
    /// The API's own record for an entity's answer: the actors' messages may change with the
    /// domain, the HTTP contract changes only when a model here does.
    /// </summary>
    private static object Model(object reply) => reply switch
    {
        AccountCommandAccepted a => new AccountCommandAnswer(a.AccountId, a.RequestId, a.FreeBalance, a.AlreadyApplied, a.Asset?.Asset, a.Asset?.Balance),
        PositionCommandAccepted p => new PositionCommandAnswer(p.PositionId, p.RequestId, PositionResponse.Of(p.Position), p.AlreadyApplied),
        LiquidityRequestCompleted l => new LiquidityMoveAnswer(l.AccountId, l.RequestId, l.Market, l.Amount, l.Shares),
        CrossMarginResponse m => CrossMarginView.Of(m),
        _ => throw new InvalidOperationException($"An entity answered {reply.GetType().Name}, which the API has no model for"),
    };
}
