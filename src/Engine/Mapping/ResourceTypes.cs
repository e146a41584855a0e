using BatonClerk.Engine.Baton;
using BatonClerk.Engine.Baton.V2;

namespace BatonClerk.Engine.Mapping;

/// <summary>The four resource types of the connector; their ids are the contract C1 keys configuration on.</summary>
public static class ResourceTypes
{
    public const string UserId = "user";
    public const string OrganizationId = "organization";
    public const string RoleId = "role";
    public const string PermissionId = "permission";

    public static ResourceType User { get; } =
        Create(UserId, "User", "A Clerk user", ResourceType.Types.Trait.User, withoutEntitlements: true);

    public static ResourceType Organization { get; } =
        Create(OrganizationId, "Organization", "A Clerk organization", ResourceType.Types.Trait.Group);

    public static ResourceType Role { get; } =
        Create(RoleId, "Organization Role", "A role that members of Clerk organizations can hold", ResourceType.Types.Trait.Role,
            withoutEntitlements: true);

    public static ResourceType Permission { get; } =
        Create(PermissionId, "Organization Permission", "A permission that Clerk organization roles grant", null,
            withoutEntitlements: true);

    public static IReadOnlyList<ResourceType> All { get; } = [User, Organization, Role, Permission];

    /// <summary>
    /// The ids alone. Reading them does not build the resource types above: that touches the protobuf descriptors,
    /// ~25 ms of start-up that the command line (which lists the ids in its help) would otherwise wait for.
    /// </summary>
    public static IReadOnlyList<string> AllIds => Ids.All;

    private static class Ids
    {
        public static readonly IReadOnlyList<string> All = [UserId, OrganizationId, RoleId, PermissionId];
    }

    private static ResourceType Create(string id, string name, string description, ResourceType.Types.Trait? trait,
        bool withoutEntitlements = false)
    {
        var type = new ResourceType { Id = id, DisplayName = name, Description = description };
        if (trait is { } t)
        {
            type.Traits.Add(t);
        }

        if (withoutEntitlements)
        {
            // Only organizations carry entitlements (member and roles); Go connectors declare the others this way so
            // SDK syncers skip their entitlement and grant calls.
            type.Annotations.Add(Annotations.Pack(new SkipEntitlementsAndGrants()));
        }

        return type;
    }
}
