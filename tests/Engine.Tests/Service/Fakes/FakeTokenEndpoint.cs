using Microsoft.AspNetCore.Http;

namespace BatonClerk.Engine.Tests.Service.Fakes;

/// <summary>POST /auth/v1/token: verifies the Ed25519 client assertion and issues opaque tokens.</summary>
internal static class FakeTokenEndpoint
{
    public static async Task HandleAsync(HttpContext context, FakeC1State state)
    {
        state.CountTokenRequest();
        if (state.RejectTokens)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsJsonAsync(new { error = "invalid_client" });
            return;
        }

        var form = await context.Request.ReadFormAsync();
        var error = ValidateForm(form)
            ?? JwtAssertionValidator.Validate(
                form["client_assertion"], TestCredentials.ClientId, TestCredentials.TenantHost, state.ClientPublicKey, DateTimeOffset.UtcNow);
        if (error is not null)
        {
            state.Errors.Enqueue($"token request: {error}");
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        // Lower-case on purpose: the client must normalise it to "Bearer".
        await context.Response.WriteAsJsonAsync(new { access_token = state.IssueToken(), token_type = "bearer", expires_in = state.TokenExpiresIn });
    }

    private static string? ValidateForm(IFormCollection form)
    {
        if (form["client_id"] != TestCredentials.ClientId
            || form["grant_type"] != "client_credentials"
            || form["client_assertion_type"] != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        {
            return "bad form fields";
        }

        return form.ContainsKey("scope") || form.ContainsKey("audience") ? "unexpected scope/audience" : null;
    }
}
