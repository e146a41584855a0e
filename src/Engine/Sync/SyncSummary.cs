namespace BatonClerk.Engine.Sync;

/// <summary>What one finished sync produced and what it cost.</summary>
public sealed record SyncSummary
{
    public required string SyncId { get; init; }

    public string? OutputPath { get; init; }

    public long OutputBytes { get; init; }

    /// <summary>Clerk items received per resource type (users, organizations, roles, permissions) and memberships.</summary>
    public required IReadOnlyDictionary<string, long> Items { get; init; }

    public long Resources { get; init; }

    public long Entitlements { get; init; }

    public long Grants { get; init; }

    public long Requests { get; init; }

    public long RateLimited { get; init; }

    public long Retries { get; init; }

    public TimeSpan Duration { get; init; }

    public string UsersPlan { get; init; } = "";

    public string MembershipPlan { get; init; } = "";

    /// <summary>Pages planned and pages stored per endpoint, from the ledger that proved the sync complete.</summary>
    public IReadOnlyDictionary<string, Uploader.PageCount> Pages { get; init; } = new Dictionary<string, Uploader.PageCount>();

    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>A snapshot for progress lines: per pager items and pages, and request counters.</summary>
public sealed record SyncProgress(
    IReadOnlyList<PagerProgressSnapshot> Pagers,
    long Requests,
    long RateLimited,
    TimeSpan Elapsed);

public sealed record PagerProgressSnapshot(string Pager, long Items, long Pages, long Expected, bool Completed);
