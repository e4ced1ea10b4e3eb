namespace LeverageActors.Actors.Entities;

/// <summary>
/// Where an entity's reply goes, as its handling says: back to whoever sent the message
/// (<see cref="Sender"/>: a caller's ask, a liquidator, an entity asking a question), or on to
/// another entity (<see cref="EntityAddress"/>: the next step of a saga, through that entity's
/// region so it wakes if it sleeps). The reply's type never decides it.
/// </summary>
public abstract record Recipient
{
    private protected Recipient()
    {
    }

    /// <summary>Answer the sender of the message being handled.</summary>
    public static Recipient Sender { get; } = new TheSender();

    private sealed record TheSender : Recipient
    {
        public override string ToString() => "sender";
    }
}
