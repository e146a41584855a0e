using BatonClerk.Engine.Mapping;

namespace BatonClerk.Engine.Sync;

/// <summary>
/// What one sync covers beyond the configured resource types: a C1 SyncFull task (or, later, a command line) may
/// narrow it to some resource types, drop entitlements and grants, or name single objects to sync.
/// </summary>
public sealed record SyncScope
{
    public static readonly SyncScope Full = new();

    /// <summary>When non-empty, these resource types replace the configured ones.</summary>
    public IReadOnlyList<string> ResourceTypes { get; init; } = [];

    /// <summary>Resources only: no entitlements are written and no membership is paged.</summary>
    public bool SkipEntitlementsAndGrants { get; init; }

    /// <summary>Entitlements are written, memberships are not paged.</summary>
    public bool SkipGrants { get; init; }

    /// <summary>
    /// A partial sync of these objects only. An organization brings its resource, its entitlements and its
    /// membership grants; a user brings its resource.
    /// </summary>
    public IReadOnlyList<TargetedResource> Targets { get; init; } = [];

    public bool IsTargeted => Targets.Count > 0;

    /// <summary>Narrows nothing (the lists are compared by content, unlike record equality).</summary>
    public bool IsFull => !IsTargeted && ResourceTypes.Count == 0 && !SkipGrants && !SkipEntitlementsAndGrants;

    public bool SkipsGrants => SkipGrants || SkipEntitlementsAndGrants;

    /// <summary>The c1z sync run's sync_type (v1_sync_runs.sync_type), by the SDK's rule.</summary>
    public C1z.C1zSyncType SyncType => C1z.C1zSyncTypes.Of(IsTargeted, SkipEntitlementsAndGrants);

    public IEnumerable<string> TargetIds(string resourceType) =>
        Targets.Where(t => t.ResourceType == resourceType).Select(t => t.Id).Distinct(StringComparer.Ordinal);

    /// <summary>The resource types the sync writes: the targets' types, else the scope's list, else the configured list.</summary>
    public IReadOnlyCollection<string> EffectiveResourceTypes(IReadOnlyCollection<string> configured) =>
        IsTargeted ? [.. Targets.Select(t => t.ResourceType).Distinct(StringComparer.Ordinal)]
        : ResourceTypes.Count > 0 ? ResourceTypes
        : configured;

    /// <summary>Throws <see cref="ArgumentException"/> naming every target this connector cannot sync.</summary>
    public void Validate()
    {
        var problems = Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems));
        }
    }

    /// <summary>Every target this connector cannot sync; empty when the scope can run.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var target in Targets)
        {
            if (target.ResourceType is not (Mapping.ResourceTypes.OrganizationId or Mapping.ResourceTypes.UserId))
            {
                problems.Add($"a targeted sync supports {Mapping.ResourceTypes.OrganizationId} and {Mapping.ResourceTypes.UserId} resources, not '{target.ResourceType}'");
            }
            else if (string.IsNullOrWhiteSpace(target.Id))
            {
                problems.Add($"a targeted {target.ResourceType} needs an id");
            }
        }

        return problems;
    }
}

/// <summary>One object of a targeted sync, by Baton resource type and Clerk id.</summary>
public sealed record TargetedResource(string ResourceType, string Id);
