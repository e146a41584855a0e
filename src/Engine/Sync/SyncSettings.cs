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
    public int Parallelism { get; init; } = SyncDefaults.Parallelism;

    public int PageSize { get; init; } = SyncDefaults.PageSize;

    /// <summary>Above this many users, /users is walked by created_at partitions and cursor instead of offsets.</summary>
    public long UsersCursorThreshold { get; init; } = SyncDefaults.UsersCursorThreshold;

    public int UserPartitions { get; init; } = SyncDefaults.UserPartitions;

    public MembershipStrategy MembershipStrategy { get; init; } = MembershipStrategy.Auto;

    /// <summary>Restarts allowed per pager within a minute before the sync fails.</summary>
    public int MaxPagerRestarts { get; init; } = 5;

    public TimeSpan ProgressInterval { get; init; } = SyncDefaults.ProgressInterval;

    /// <summary>Clock granularity between this machine and Clerk; permits already count from when the answer started.</summary>
    public TimeSpan GateWindowMargin { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan DefaultRetryAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Turns Clerk's relative times (lockout_expires_in_seconds) into the instants the c1z records.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public bool Syncs(string resourceType) => ResourceTypes.Contains(resourceType);

    /// <summary>
    /// Grants need both ends: the user principals and the organization entitlements. A targeted organization
    /// brings its membership grants on its own (the principals are already known to C1).
    /// </summary>
    public bool SyncsGrants => !Scope.SkipsGrants
        && Syncs(Mapping.ResourceTypes.OrganizationId)
        && (Scope.IsTargeted || Syncs(Mapping.ResourceTypes.UserId));

    public bool SyncsEntitlements => !Scope.SkipEntitlementsAndGrants;

    /// <summary>Throws <see cref="ArgumentException"/> with every problem, or returns when there is none.</summary>
    public void Validate()
    {
        var problems = Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems));
        }
    }

    /// <summary>Every value out of range, each named; empty when the settings can run.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void Require(bool condition, string message)
        {
            if (!condition)
            {
                problems.Add(message);
            }
        }

        Require(Parallelism is >= 1 and <= SyncDefaults.MaxParallelism, $"parallelism must be between 1 and {SyncDefaults.MaxParallelism}");
        Require(PageSize is >= 1 and <= SyncDefaults.MaxPageSize, $"page size must be between 1 and {SyncDefaults.MaxPageSize} (Clerk's maximum)");
        Require(UsersCursorThreshold >= 0, "the users cursor threshold must not be negative");
        Require(UserPartitions is >= 1 and <= SyncDefaults.MaxUserPartitions, $"user partitions must be between 1 and {SyncDefaults.MaxUserPartitions}");
        Require(MaxPagerRestarts is >= 0 and <= 100, "max pager restarts must be between 0 and 100");
        Require(ProgressInterval > TimeSpan.Zero, "the progress interval must be positive");
        Require(GateWindowMargin >= TimeSpan.Zero, "the gate window margin must not be negative");
        Require(DefaultRetryAfter > TimeSpan.Zero, "the default Retry-After must be positive");
        Require(ResourceTypes.Count > 0, "at least one resource type must be synced");
        problems.AddRange(Scope.Problems());
        foreach (var type in ResourceTypes)
        {
            Require(Mapping.ResourceTypes.AllIds.Contains(type), $"unknown resource type '{type}' (expected {string.Join(", ", Mapping.ResourceTypes.AllIds)})");
        }

        return problems;
    }
}
