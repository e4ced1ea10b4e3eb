using LeverageActors.Messages.Accounts;

namespace LeverageActors.Host.Api;

/// <summary>
/// An account's funds held for one request waiting for its next price (<see cref="MarketQuotes.Hold"/>).
/// The request's own spend ends the hold at the account; disposing releases it, for a request refused
/// or never sent. A command whose answer never came (<see cref="Answer"/>) keeps its hold until the
/// hold's own time: its saga may still spend it.
/// </summary>
public sealed class HeldFunds : IAsyncDisposable
{
    private readonly TradingGateway? _gateway;
    private readonly ReleaseExecutionHold? _release;
    private bool _unanswered;

    internal HeldFunds(TradingGateway gateway, ReleaseExecutionHold release)
    {
        _gateway = gateway;
        _release = release;
    }

    private HeldFunds()
    {
    }

    /// <summary>Nothing held: next-price execution is off, or the request spends nothing.</summary>
    public static HeldFunds None { get; } = new();

    /// <summary>The answer to the command that spends the held funds; if none comes, the hold is not released.</summary>
    public async Task<object> Answer(Task<object> answer)
    {
        try
        {
            return await answer;
        }
        catch
        {
            _unanswered = true;
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_gateway is not null && _release is not null && !_unanswered)
            await _gateway.Tell(_release, MarketQuotes.Executing);
    }
}
