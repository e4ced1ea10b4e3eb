namespace LeverageActors.Tests.Support;

/// <summary>
/// The suite's one way to wait for the actors: poll a condition, like TestKit's AwaitAssert, until
/// it holds or the suite's generous timeout passes (then fail, naming what never happened).
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    public static async Task Holds(string what, Func<Task<bool>> condition, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? Timeout);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Waited {within ?? Timeout} for {what}");
            await Task.Delay(PollInterval);
        }
    }
}
