using LeverageActors.Messages.Accounts;

namespace LeverageActors.Host.Api;

/// <summary>
/// An account's funds held for one request waiting for its next price (<see cref="MarketQuotes.Hold"/>),
/// released when disposed: once the request has executed or been refused.
/// </summary>
public sealed class HeldFunds : IAsyncDisposable
{
    private readonly TradingGateway? _gateway;
    private readonly ReleaseExecutionHold? _release;

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

    public async ValueTask DisposeAsync()
    {
        if (_gateway is not null && _release is not null)
            await _gateway.Tell(_release, MarketQuotes.Executing);
    }
}
