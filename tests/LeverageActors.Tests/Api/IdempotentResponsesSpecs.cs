using LeverageActors.Host.Api;
using LeverageActors.Host.Api.Idempotency;

namespace LeverageActors.Tests.Api;

/// <summary>
/// A retry waiting on the first request under its key gets that request's answer; when the first
/// has none to give (its caller hung up, or it failed), the retry is not handed the first caller's
/// failure: it reaches the entities itself.
/// </summary>
public sealed class IdempotentResponsesSpecs
{
    private const string Key = "account+key";
    private const string Body = "POST /accounts/{id}/withdrawals\n{amount:5}";

    /// <summary>
    /// A first request under the key that ends as <paramref name="ends"/> once a retry waits on it;
    /// returns the first's task and the retry's answer.
    /// </summary>
    private static async Task<(Task<(ApiAnswer? Answer, bool Replayed)> First, ApiAnswer? Answer, bool Replayed, int RetryRan)> RetryBehind(
        IdempotentResponses responses, Func<Task<ApiAnswer>> ends)
    {
        var firstWaits = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var retryRan = 0;
        var first = responses.Run(Key, Body, async () =>
        {
            await firstWaits.Task;
            return await ends();
        });
        var retry = responses.Run(Key, Body, () =>
        {
            Interlocked.Increment(ref retryRan);
            return Task.FromResult(ApiAnswer.Ok("withdrawn"));
        });
        Assert.False(retry.IsCompleted);

        firstWaits.SetResult();
        try
        {
            await first;
        }
        catch (TaskCanceledException)
        {
        }

        var (answer, replayed) = await retry;
        return (first, answer, replayed, retryRan);
    }

    [Fact]
    public async Task A_retry_waiting_on_a_request_whose_caller_hung_up_gets_its_own_answer()
    {
        var responses = new IdempotentResponses(TimeProvider.System);
        var (first, answer, replayed, retryRan) = await RetryBehind(responses, () => throw new TaskCanceledException("the caller hung up"));

        await Assert.ThrowsAsync<TaskCanceledException>(() => first);
        Assert.Equal(1, retryRan);
        Assert.Equal("withdrawn", answer!.Body);
        Assert.False(replayed);
        var (again, replayedAgain) = await responses.Run(Key, Body, () => Task.FromResult(ApiAnswer.Ok("run twice")));
        Assert.Equal("withdrawn", again!.Body);
        Assert.True(replayedAgain);
    }

    [Fact]
    public async Task A_retry_waiting_on_a_request_the_entities_did_not_answer_in_time_gets_its_own_answer()
    {
        var (first, answer, replayed, retryRan) = await RetryBehind(new IdempotentResponses(TimeProvider.System),
            () => Task.FromResult(new ApiAnswer(504, "timeout")));

        Assert.Equal(504, (await first).Answer!.Status);
        Assert.Equal(1, retryRan);
        Assert.Equal("withdrawn", answer!.Body);
        Assert.False(replayed);
    }

    [Fact]
    public async Task A_retry_waiting_on_a_request_that_answered_gets_that_answer_without_running()
    {
        var (first, answer, replayed, retryRan) = await RetryBehind(new IdempotentResponses(TimeProvider.System),
            () => Task.FromResult(ApiAnswer.Ok("withdrawn once")));

        Assert.Equal("withdrawn once", (await first).Answer!.Body);
        Assert.Equal(0, retryRan);
        Assert.Equal("withdrawn once", answer!.Body);
        Assert.True(replayed);
    }
}
