using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Clerk.Models;

namespace BatonClerk.Engine.Tests.Simulator;

internal static class SimPaging
{
    public static async Task<List<T>> All<T>(Func<int, Task<ClerkPage<T>>> fetch, int limit)
    {
        var all = new List<T>();
        for (var offset = 0; ; offset += limit)
        {
            var page = await fetch(offset);
            all.AddRange(page.Items);
            if (page.Items.Count < limit)
            {
                return all;
            }
        }
    }

    public static async Task<List<ClerkUser>> UsersByCursor(ClerkClient client, int limit, string order = "+created_at", long? after = null, long? before = null)
    {
        var all = new List<ClerkUser>();
        string? cursor = null;
        while (true)
        {
            var page = await client.ListUsersAsync(
                new UserListQuery(limit, 0, order) { StartingAfter = cursor, CreatedAtAfter = after, CreatedAtBefore = before },
                CancellationToken.None);
            all.AddRange(page.Items);
            if (page.Items.Count < limit)
            {
                return all;
            }

            cursor = page.Items[^1].Id;
        }
    }

    public static ClerkClient Client(BatonClerk.Simulator.ClerkSimulator sim, int maxRetries = 0, TimeSpan? attemptTimeout = null) => new(new ClerkClientOptions
    {
        SecretKey = sim.SecretKey,
        BaseUrl = sim.BaseUrl,
        MaxRetryAttempts = maxRetries,
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        MaxRetryDelay = TimeSpan.FromMilliseconds(5),
        AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(10),
    });
}
