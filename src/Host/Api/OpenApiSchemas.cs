using LeverageActors.Messages.Ids;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LeverageActors.Host.Api;

/// <summary>Makes the OpenAPI document describe the JSON the API really writes.</summary>
public static class OpenApiSchemas
{
    /// <summary>
    /// Typed ids are plain strings on the wire (<see cref="StringIdJsonConverter{T}"/>); money is
    /// a number or a plain numeric string (<see cref="DecimalJsonConverter"/>).
    /// </summary>
    public static Task Wire(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken token)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(decimal) || type == typeof(decimal?))
        {
            schema.Type = JsonSchemaType.Number | JsonSchemaType.String;
            schema.Format = "decimal";
            schema.Pattern = @"^-?\d+(\.\d+)?([eE][-+]?\d+)?$";
        }

        if (type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IStringId<>)))
        {
            schema.Type = JsonSchemaType.String;
            schema.Pattern = "^[A-Za-z0-9._-]{1," + IdRules.MaxLength + "}$";
            schema.Properties?.Clear();
        }

        return Task.CompletedTask;
    }
}
