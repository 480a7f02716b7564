using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OurSociety.Web.Features.Api;

/// <summary>
/// The OpenAPI description at <c>/openapi/v1.json</c>: only the JSON API (HTML pages, health checks and, later,
/// federation endpoints are not an API for programs), with the bearer and cookie schemes it accepts.
/// </summary>
internal static class ApiDocument
{
    private const string BearerScheme = "bearer";
    private const string CookieScheme = "cookie";

    public static IServiceCollection AddApiDocument(this IServiceCollection services) => services.AddOpenApi(options =>
    {
        options.ShouldInclude = description =>
            description.RelativePath?.StartsWith(ApiEndpoints.Prefix.TrimStart('/') + "/", StringComparison.Ordinal) == true;
        options.AddDocumentTransformer(DescribeDocument);
        options.AddOperationTransformer(DescribeOperation);
    });

    private static Task DescribeDocument(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Our Society API",
            Version = "v1",
            Description = "The JSON API of an Our Society node: your account, invitations and personal API tokens. " +
                          "Lists are paged with ?limit=&cursor= and answer {\"items\": [...], \"next\": cursor or null}. " +
                          "Errors are RFC 9457 problem details.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "os_…",
            Description = "A personal API token, made on your settings page, with the API, or with `oursociety admin create-token`.",
        };
        document.Components.SecuritySchemes[CookieScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = "oursociety",
            Description = "The sign-in cookie of the web pages.",
        };
        return Task.CompletedTask;
    }

    private static Task DescribeOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            // Alternatives: either scheme will do.
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CookieScheme, context.Document)] = [] },
            ];
        }

        // Paging parameters are bound as text so a bad value gets a field error; describe what they really take.
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.Name == ApiPaging.LimitParameter)
            {
                parameter.Description = $"Items per page, 1 to {Core.Paging.PageSize.Max}; default {Core.Paging.PageSize.Default}.";
                parameter.Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer,
                    Format = "int32",
                    Minimum = "1",
                    Maximum = Core.Paging.PageSize.Max.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Default = Core.Paging.PageSize.Default,
                };
            }
            else if (parameter.Name == ApiPaging.CursorParameter)
            {
                parameter.Description = "The \"next\" value of the previous page; leave out for the first page.";
            }
        }

        return Task.CompletedTask;
    }
}
