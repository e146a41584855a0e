using BatonClerk.Engine.Mapping;
using BatonClerk.Engine.Sync.Gate;

namespace BatonClerk.Engine.Sync;

/// <summary>Engine tunables of one sync; every value is validated before the first request.</summary>
public sealed record SyncSettings
{
    public required RateBudget Budget { get; init; }

    public IReadOnlySet<string> ResourceTypes { get; init; } = new HashSet<string>(Mapping.ResourceTypes.AllIds, StringComparer.Ordinal);

    /// <summary>Skips and targets of this run; <see cref="ResourceTypes"/> already holds the scope's types.</summary>
    public SyncScope Scope { get; init; } = SyncScope.Full;

    /// <summary>Requests in flight per pager. The gate bounds the rate; this only has to cover the latency.</summary>
    public int Parallelism { get; init; } = 16;

    public int PageSize { get; init; } = 500;

    /// <summary>Above this many users, /users is walked by created_at partitions and cursor instead of offsets.</summary>
    public long UsersCursorThreshold { get; init; } = 50_000;

    public int UserPartitions { get; init; } = 16;

    public MembershipStrategy MembershipStrategy { get; init; } = MembershipStrategy.Auto;

    /// <summary>Restarts allowed per pager within a minute before the sync fails.</summary>
    public int MaxPagerRestarts { get; init; } = 5;

    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Clock granularity between this machine and Clerk; permits already count from when the answer started.</summary>
    public TimeSpan GateWindowMargin { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan DefaultRetryAfter { get; init; } = TimeSpan.FromSeconds(10);

    public bool Syncs(string resourceType) => ResourceTypes.Contains(resourceType);

    /// <summary>
    /// Grants need both ends: the user principals and the organization entitlements. A targeted organization
    /// brings its membership grants on its own (the principals are already known to C1).
    /// </summary>
    public bool SyncsGrants => !Scope.SkipsGrants
        && Syncs(Mapping.ResourceTypes.OrganizationId)
        && (Scope.IsTargeted || Syncs(Mapping.ResourceTypes.UserId));

    public bool SyncsEntitlements => !Scope.SkipEntitlementsAndGrants;

    public void Validate()
    {
        Require(Parallelism is >= 1 and <= 256, "parallelism must be between 1 and 256");
        Require(PageSize is >= 1 and <= 500, "page size must be between 1 and 500 (Clerk's maximum)");
        Require(UsersCursorThreshold >= 0, "the users cursor threshold must not be negative");
        Require(UserPartitions is >= 1 and <= 256, "user partitions must be between 1 and 256");
        Require(MaxPagerRestarts is >= 0 and <= 100, "max pager restarts must be between 0 and 100");
        Require(ProgressInterval > TimeSpan.Zero, "the progress interval must be positive");
        Require(GateWindowMargin >= TimeSpan.Zero, "the gate window margin must not be negative");
        Require(DefaultRetryAfter > TimeSpan.Zero, "the default Retry-After must be positive");
        Require(ResourceTypes.Count > 0, "at least one resource type must be synced");
        Scope.Validate();
        foreach (var type in ResourceTypes)
        {
            Require(Mapping.ResourceTypes.AllIds.Contains(type), $"unknown resource type '{type}' (expected {string.Join(", ", Mapping.ResourceTypes.AllIds)})");
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
