using BatonClerk.Engine.Clerk.Models;
using BatonClerk.Engine.Mapping;
using BatonClerk.Engine.Sync.Pagers;

namespace BatonClerk.Engine.Sync.Resources;

/// <summary>Organization permissions (<c>/organization_permissions</c>): resources only, nothing depends on them.</summary>
internal sealed class PermissionsSync : IResourceSync
{
    public const string PagerName = "permissions";

    public string Name => PagerName;

    public IReadOnlyList<string> After => [];

    public bool IsNeeded(SyncSettings settings) => settings.Syncs(ResourceTypes.PermissionId);

    public IPagerDefinition Create(SyncContext context) => new OffsetPager<ClerkPermission>(
        PagerName,
        context.Settings.PageSize,
        [OffsetPager<ClerkPermission>.First(PagerName)],
        (_, q, ct) => context.OptionalFeature(PagerName, () => context.Calls.RunAsync((api, c) => api.ListPermissionsAsync(q, c), ct)),
        (_, permissions) => new PageOutcome { Resources = [.. permissions.Select(PermissionMapper.Map)] },
        context.Metrics.For(PagerName),
        p => p.Id);
}
