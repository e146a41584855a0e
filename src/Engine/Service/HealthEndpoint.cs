namespace BatonClerk.Engine.Service;

/// <summary>The three paths the health server answers.</summary>
public enum HealthEndpoint
{
    Health,
    Ready,
    Live,
}

/// <summary>The HTTP paths the service-mode health server answers (and <c>health-check</c> probes).</summary>
public static class HealthEndpointPaths
{
    public static string Path(this HealthEndpoint endpoint) => endpoint switch
    {
        HealthEndpoint.Ready => "/ready",
        HealthEndpoint.Live => "/live",
        _ => "/health",
    };

    public static bool TryParse(string? value, out HealthEndpoint endpoint)
    {
        var name = value?.Trim('/') ?? string.Empty;
        endpoint = default;

        // Letters only: Enum.TryParse would also accept "0" or "health,ready".
        return name.Length > 0 && name.All(char.IsAsciiLetter) && Enum.TryParse(name, ignoreCase: true, out endpoint);
    }
}
