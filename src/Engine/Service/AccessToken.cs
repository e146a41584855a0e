namespace BatonClerk.Engine.Service;

/// <summary>A bearer token and the instant after which it must not be reused.</summary>
internal sealed record AccessToken(string AuthorizationValue, DateTimeOffset RefreshAt)
{
    /// <summary>Normalizes <c>token_type</c> the way Go's oauth2 does before building the header.</summary>
    public static string NormalizeType(string? tokenType) => tokenType?.ToLowerInvariant() switch
    {
        null or "" or "bearer" => "Bearer",
        "mac" => "MAC",
        "basic" => "Basic",
        _ => tokenType,
    };
}
