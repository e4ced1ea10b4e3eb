using LeverageActors.Host.Api.Access;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LeverageActors.Host.Api;

/// <summary>
/// The OpenAPI document declares the bearer scheme once and requires it on every operation whose
/// endpoint checks a key (<see cref="KeyRequired"/>), so generated clients send the header.
/// </summary>
public static class BearerSecurity
{
    public const string Scheme = "bearer";

    public static Task Declare(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken token)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = Scheme,
            Description = "An account's API key (returned once by POST /accounts), or the operator key for /operator endpoints.",
        };
        return Task.CompletedTask;
    }

    public static Task Require(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken token)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<KeyRequired>().FirstOrDefault() is null)
            return Task.CompletedTask;
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, context.Document)] = [] });
        return Task.CompletedTask;
    }
}
