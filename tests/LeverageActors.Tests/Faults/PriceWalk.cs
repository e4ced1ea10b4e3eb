namespace LeverageActors.Tests.Faults;

/// <summary>
/// A market's price for the load: small random steps each second and, every eighth step, a shock
/// of 3% (down, then back up) that breaches the highly leveraged positions. It stays within 6% of
/// its start, so no 5-minute window moves more than 15% (the oracle's circuit breaker would halt
/// opens for 15 minutes and the load would be refusals only).
/// </summary>
public sealed class PriceWalk(string market, decimal start, Random random)
{
    private const decimal Band = 0.06m;
    private const decimal Shock = 0.03m;
    private readonly decimal _start = start;
    private int _steps;
    private bool _shockDown = true;

    public string Market { get; } = market;

    public decimal Price { get; private set; } = start;

    public decimal Next(bool shocks)
    {
        _steps++;
        decimal move;
        if (shocks && _steps % 8 == 0)
        {
            move = _shockDown ? -Shock : Shock;
            _shockDown = !_shockDown;
        }
        else
            move = (decimal)(random.NextDouble() - 0.5) * 0.004m;

        var next = Price * (1 + move);
        next = Math.Clamp(next, _start * (1 - Band), _start * (1 + Band));
        Price = Math.Round(next, 2);
        return Price;
    }
}
