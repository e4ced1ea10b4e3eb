using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace LeverageActors.Tests.Support;

/// <summary>
/// A middleware at the head of a node's pipeline that tells when the node has seen the caller of a
/// request go away (its <c>RequestAborted</c> fired): a spec can then move on knowing that whatever
/// in the request's handling listens to that token has heard it too.
/// </summary>
public sealed class CallersGone : IStartupFilter
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gone = new();

    /// <summary>Completes once a caller of <paramref name="path"/> has gone away.</summary>
    public Task Seen(string path) => Of(path).Task;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, then) =>
        {
            var gone = Of(context.Request.Path.Value ?? "");
            // A token runs every callback within the one Cancel (today newest first, so the handler's before this one): no price
            // reported over HTTP can reach the handler between them.
            using (context.RequestAborted.Register(() => gone.TrySetResult()))
                await then(context);
        });
        next(app);
    };

    private TaskCompletionSource Of(string path) =>
        _gone.GetOrAdd(path, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
