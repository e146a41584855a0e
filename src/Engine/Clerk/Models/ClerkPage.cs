using System.Text.Json.Serialization;

namespace BatonClerk.Engine.Clerk.Models;

/// <summary>The {data, total_count} wrapper of every list except /users.</summary>
internal sealed record ClerkListResponse<T>
{
    [JsonPropertyName("data")] public IReadOnlyList<T>? Data { get; set; }
    [JsonPropertyName("total_count")] public long? TotalCount { get; set; }
}

/// <summary>
/// One page as the sync sees it. TotalCount is null when the server gave none or a nonsensical one
/// (a spec mock answers -9007199254740991), so paging falls back to stopping on a short page.
/// </summary>
internal sealed record ClerkPage<T>(IReadOnlyList<T> Items, long? TotalCount)
{
    /// <summary>The total_count as sent when it was non-negative, even if the page itself contradicts it.</summary>
    public long? AnnouncedTotal { get; init; }
}

internal sealed record ClerkTotalCount
{
    [JsonPropertyName("total_count")] public long? TotalCount { get; init; }
}
