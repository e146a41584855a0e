namespace BatonClerk.Engine.Sync.Resources;

/// <summary>
/// Every resource sync, in the order they are considered at start. Adding a resource type is one new file and
/// one line here; the supervisor starts each when what it comes after is done.
/// </summary>
internal sealed class ResourceSyncs
{
    public RolesSync Roles { get; } = new();

    public PermissionsSync Permissions { get; } = new();

    public UsersSync Users { get; } = new();

    public OrganizationsSync Organizations { get; } = new();

    public MembershipsSync Memberships { get; } = new();

    public IReadOnlyList<IResourceSync> All => [Roles, Permissions, Users, Organizations, Memberships];

    /// <summary>The pager names, for code that keys entries by them.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. new ResourceSyncs().All.Select(s => s.Name)];
}
