using System.Text.Json;
using LeverageActors.Host.Api.Problems;
using Microsoft.AspNetCore.Http;

namespace LeverageActors.Host.Api;

/// <summary>
/// Reads a request body strictly: wrong content type, broken JSON, wrong types, unknown or
/// missing members and overflowing numbers are each a 4xx problem naming the reason, never an
/// exception that escapes.
/// </summary>
public static class RequestBody
{
    public const long MaxBytes = 16 * 1024;

    public static async Task<(T? Value, ApiAnswer? Problem)> Read<T>(HttpRequest request, CancellationToken token)
        where T : class
    {
        if (!request.HasJsonContentType())
            return (null, ProblemKinds.UnsupportedMediaType.Answer(
                $"Send the body as application/json (got '{request.ContentType ?? "no content type"}')."));
        if (request.ContentLength > MaxBytes)
            return (null, TooLarge(request));

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(new LimitedStream(request.Body, MaxBytes), ApiJson.Options, token);
            return value is null
                ? (null, ProblemKinds.MalformedJson.Answer("The body is null; send a JSON object."))
                : (value, null);
        }
        catch (JsonException e)
        {
            return (null, ProblemKinds.MalformedJson.Answer(Describe(e)));
        }
        catch (LimitedStream.TooLong)
        {
            return (null, TooLarge(request));
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own limit, or a body cut short: the caller's problem, not an error to log.
            return (null, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? TooLarge(request)
                : ProblemKinds.MalformedJson.Answer("The body could not be read."));
        }
    }

    /// <summary>The rest of the body stays unread, so the connection cannot carry another request: say so.</summary>
    public static ApiAnswer TooLarge(HttpRequest request)
    {
        request.HttpContext.Response.Headers.Connection = "close";
        return ProblemKinds.BodyTooLarge.Answer($"The body may be at most {MaxBytes} bytes.");
    }

    /// <summary>The parser's reason in the caller's terms (no .NET type names), plus where in the body it failed.</summary>
    private static string Describe(JsonException e)
    {
        var message = e.Message;
        var reason = e.InnerException is OverflowException or FormatException or InvalidOperationException
            ? "a number is out of range or not a number"
            : message.Contains("could not be mapped", StringComparison.Ordinal) ? "unknown field"
            : message.Contains("missing required properties", StringComparison.Ordinal)
                ? "missing required field(s) " + message[(message.IndexOf("including:", StringComparison.Ordinal) + 10)..].Split(" Path:")[0].Trim().TrimEnd('.')
            : message.Contains("could not be converted", StringComparison.Ordinal) ? "a value has the wrong type"
            : "the body is not valid JSON";
        return e.Path is { Length: > 1 } path ? $"{reason} (at {path})" : reason;
    }
}
