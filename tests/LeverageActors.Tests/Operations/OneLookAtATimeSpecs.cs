using LeverageActors.Actors.Persistence;

namespace LeverageActors.Tests.Operations;

/// <summary>
/// A review: every request to the public health and metrics pages opened a fresh connection to the
/// journal's database, so a flood of them could use up the server's connections the journal needs.
/// The probes now run one at a time, callers meanwhile sharing the result.
/// </summary>
public sealed class OneLookAtATimeSpecs
{
    [Fact]
    public async Task Callers_arriving_while_a_look_runs_share_it_and_the_next_caller_looks_afresh()
    {
        var looks = 0;
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var probe = new OneLookAtATime<int>(() =>
        {
            var look = Interlocked.Increment(ref looks);
            return look == 1 ? release.Task : Task.FromResult(look);
        });

        var callers = Enumerable.Range(0, 50).Select(_ => probe.Next(CancellationToken.None)).ToList();
        Assert.All(callers, c => Assert.False(c.IsCompleted));
        release.SetResult(1);

        Assert.All(await Task.WhenAll(callers), result => Assert.Equal(1, result));
        Assert.Equal(1, Volatile.Read(ref looks));
        Assert.Equal(2, await probe.Next(CancellationToken.None));
    }

    [Fact]
    public async Task A_caller_that_hangs_up_cancels_its_own_wait_not_the_look_the_others_share()
    {
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var probe = new OneLookAtATime<string>(() => release.Task);
        using var hangUp = new CancellationTokenSource();

        var leaving = probe.Next(hangUp.Token);
        var staying = probe.Next(CancellationToken.None);
        await hangUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);
        release.SetResult("answered");
        Assert.Equal("answered", await staying);
    }
}
