using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace SmsBuyz.Sandbox.Endpoints;

/// <summary>Serialization shared by both dialects: snake case, data-valued dictionary keys kept as spelled.</summary>
internal static class ApiJson
{
    /// <summary>
    /// Dictionary keys (countries, operators, products) are data and keep their spelling. Characters HTML gives meaning
    /// to stay as they are (5sim's <c>"+7900…"</c>, not <c>"\u002B7900…"</c>): these bodies are read by API clients,
    /// never pasted into a page.
    /// </summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IResult Ok<T>(T body) => Results.Json(body, Options);
}

/// <summary>The SmsBuyz dialect's error body; injected faults use it in either dialect.</summary>
internal sealed record ErrorBody(string Error);

/// <summary>A product row of guest/products: both providers capitalize these three names.</summary>
internal sealed record ProductDto(
    [property: JsonPropertyName("Category")] string Category,
    [property: JsonPropertyName("Qty")] long Qty,
    [property: JsonPropertyName("Price")] decimal Price);
