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
        RejectionOf(reply) is { } refused ? ProblemKinds.Of(refused) : new ApiAnswer(status, reply);
}
