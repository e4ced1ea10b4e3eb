namespace LeverageActors.Actors.Persistence;

/// <summary>
/// A look at something outside the process (a fresh connection to the journal) that runs once at a
/// time: a caller arriving while one runs shares its result, so callers, however many and however
/// often, never hold more than one such connection between them. Nothing is kept once it ends: the
/// next caller looks afresh.
/// </summary>
public sealed class OneLookAtATime<T>(Func<Task<T>> look)
{
    private readonly Lock _gate = new();
    private Task<T>? _running;

    /// <summary>The running look's result, or a new look's; each caller waits with its own token, none cancels the look.</summary>
    public Task<T> Next(CancellationToken token)
    {
        lock (_gate)
        {
            if (_running is null || _running.IsCompleted)
                _running = Task.Run(look, CancellationToken.None);
            return _running.WaitAsync(token);
        }
    }
}
