namespace LeverageActors.Tests.Support;

/// <summary>Lets a story say <c>await s.Trader("A").Deposits(10_000)</c> in one line.</summary>
public static class TraderStepsChaining
{
    public static async Task<TraderSteps> Deposits(this Task<TraderSteps> trader, decimal amount) =>
        await (await trader).Deposits(amount);
}
