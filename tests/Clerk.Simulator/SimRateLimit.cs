namespace BatonClerk.Simulator;

/// <summary>Clerk-style budget: at most Requests per sliding Window for each secret key.</summary>
public sealed record SimRateLimit(int Requests, TimeSpan Window)
{
    public static SimRateLimit PerTenSeconds(int requests) => new(requests, TimeSpan.FromSeconds(10));
}
