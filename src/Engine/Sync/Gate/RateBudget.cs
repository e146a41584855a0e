namespace BatonClerk.Engine.Sync.Gate;

/// <summary>How many requests per window the connector may send with a given secret key.</summary>
public sealed record RateBudget(int RequestsPerWindow, TimeSpan Window)
{
    public static readonly TimeSpan ClerkWindow = TimeSpan.FromSeconds(10);

    /// <summary>Clerk's documented limit per 10 s: production keys 1000, development keys 100.</summary>
    public static int DocumentedLimit(string secretKey) =>
        secretKey.StartsWith("sk_live_", StringComparison.Ordinal) ? 1000 : 100;

    public double RequestsPerSecond => RequestsPerWindow / Window.TotalSeconds;

    public static RateBudget Resolve(string secretKey, double share, double? requestsPerSecond)
    {
        if (Problem(share, requestsPerSecond) is { } problem)
        {
            throw new ArgumentOutOfRangeException(requestsPerSecond is null ? nameof(share) : nameof(requestsPerSecond), problem);
        }

        return requestsPerSecond is { } rps
            ? new RateBudget(Math.Max(1, (int)Math.Floor(rps * ClerkWindow.TotalSeconds)), ClerkWindow)
            : new RateBudget(Math.Max(1, (int)Math.Floor(DocumentedLimit(secretKey) * share)), ClerkWindow);
    }

    /// <summary>Why these values give no budget, or null when they do; an absolute rate makes the share irrelevant.</summary>
    public static string? Problem(double share, double? requestsPerSecond) => requestsPerSecond switch
    {
        { } rps when !(rps > 0) || double.IsInfinity(rps) => "requests-per-second must be greater than 0",
        { } => null,
        null when !(share > 0 && share <= 1) => "rate-limit-share must be in (0, 1]",
        null => null,
    };
}
