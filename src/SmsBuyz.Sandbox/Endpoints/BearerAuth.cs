using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace SmsBuyz.Sandbox.Endpoints;

/// <summary>401 when the Bearer header is missing or malformed, 403 when the token is wrong — as documented.</summary>
internal sealed class BearerAuth(string apiKey, IAnswers answers) : IEndpointFilter
{
    private const string Scheme = "Bearer ";

    private readonly byte[] expected = Encoding.UTF8.GetBytes(apiKey);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization;
        var value = header.Count == 1 ? header[0] ?? "" : "";
        if (!value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || value.Length == Scheme.Length)
        {
            return answers.Error(StatusCodes.Status401Unauthorized, "missing or malformed Authorization header");
        }

        // Constant time, out of habit: the sandbox should not teach a timing oracle.
        var token = Encoding.UTF8.GetBytes(value[Scheme.Length..].Trim());
        if (!CryptographicOperations.FixedTimeEquals(token, expected))
        {
            return answers.Error(StatusCodes.Status403Forbidden, "invalid api token");
        }

        return await next(context).ConfigureAwait(false);
    }
}
