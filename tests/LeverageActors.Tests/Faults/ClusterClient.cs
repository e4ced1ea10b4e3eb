using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace LeverageActors.Tests.Faults;

/// <summary>What became of one request after all its attempts.</summary>
public enum Outcome
{
    /// <summary>A 2xx answer: the cluster says it happened.</summary>
    Acknowledged,

    /// <summary>A 4xx answer other than a rate limit: the cluster says no.</summary>
    Refused,

    /// <summary>No answer that says either, before the client gave up: it may or may not have happened.</summary>
    Unknown,
}

public sealed record Answer(Outcome Outcome, HttpStatusCode? Status, JsonElement Body, int Attempts);

/// <summary>
/// A client of the whole cluster as a real one behaves: each request goes to a node at random;
/// a connection error, a 5xx, a 429 or a timeout is retried, on another node, with the same
/// Idempotency-Key, with a growing pause, until <see cref="GiveUpAfter"/>.
/// </summary>
public sealed class ClusterClient(IReadOnlyList<Uri> nodes, TimeSpan giveUpAfter) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private int _retries;

    public TimeSpan GiveUpAfter { get; } = giveUpAfter;

    /// <summary>Attempts after the first, over all requests.</summary>
    public int Retries => _retries;

    public async Task<Answer> Send(HttpMethod method, string path, object? body = null, string? key = null,
        string? idempotencyKey = null, CancellationToken cancel = default)
    {
        var deadline = DateTime.UtcNow + GiveUpAfter;
        var pause = TimeSpan.FromMilliseconds(200);
        for (var attempt = 1; ; attempt++)
        {
            var node = nodes[Random.Shared.Next(nodes.Count)];
            using var request = new HttpRequestMessage(method, new Uri(node, path));
            if (body is not null)
                request.Content = JsonContent.Create(body);
            if (key is not null)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            if (idempotencyKey is not null)
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            try
            {
                using var response = await _http.SendAsync(request, cancel);
                var text = await response.Content.ReadAsStringAsync(cancel);
                var json = text.Length > 0 && text[0] is '{' or '[' ? JsonDocument.Parse(text).RootElement.Clone() : default;
                var code = (int)response.StatusCode;
                if (code is >= 200 and < 300)
                    return new Answer(Outcome.Acknowledged, response.StatusCode, json, attempt);
                if (code is >= 400 and < 500 && code != 429)
                    return new Answer(Outcome.Refused, response.StatusCode, json, attempt);
            }
            catch (Exception e) when (e is HttpRequestException or System.Net.Sockets.SocketException or IOException
                                          or TaskCanceledException && !cancel.IsCancellationRequested)
            {
                // The node is down, restarting, or did not answer in time: another one may. A node killed
                // while a connection is being made surfaces as a bare SocketException (from the socket's
                // RemoteEndPoint), not wrapped by HttpClient.
            }

            if (DateTime.UtcNow + pause > deadline || cancel.IsCancellationRequested)
                return new Answer(Outcome.Unknown, null, default, attempt);
            Interlocked.Increment(ref _retries);
            await Task.Delay(pause, CancellationToken.None);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 2_000));
        }
    }

    public void Dispose() => _http.Dispose();
}
