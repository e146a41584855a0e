using BatonClerk.Engine.Baton;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.Clerk.Models;

namespace BatonClerk.Engine.Mapping;

/// <summary>Clerk organization → group resource, with a member entitlement and one entitlement per role.</summary>
internal static class OrganizationMapper
{
    public const string MemberSlug = "member";

    /// <summary>A role entitlement's slug is this and the role id, joined with ':'.</summary>
    public const string RoleSlug = "role";

    public static Resource Map(ClerkOrganization organization)
    {
        var profile = new ProfileBuilder()
            .Add("organization_id", organization.Id)
            .Add("name", organization.Name)
            .Add("slug", organization.Slug)
            .Add("members_count", organization.MembersCount)
            .AddJson("public_metadata", organization.PublicMetadata)
            .Build();
        var resource = new Resource
        {
            Id = Id(organization.Id),
            DisplayName = DisplayName(organization),
            Profile = profile.Clone(),
            CreatedAt = ClerkTime.ToTimestamp(organization.CreatedAt),
        };
        resource.Annotations.Add(Annotations.Pack(new GroupTrait { Profile = profile }));
        return resource;
    }

    public static ResourceId Id(string organizationId) =>
        new() { ResourceType = ResourceTypes.OrganizationId, Resource = organizationId };

    public static string DisplayName(ClerkOrganization organization) =>
        !string.IsNullOrWhiteSpace(organization.Name) ? organization.Name
        : !string.IsNullOrWhiteSpace(organization.Slug) ? organization.Slug
        : organization.Id;

    public static string MemberEntitlementId(string organizationId) =>
        BatonIds.Entitlement(ResourceTypes.OrganizationId, organizationId, MemberSlug);

    public static string RoleEntitlementId(string organizationId, string roleId) =>
        BatonIds.Entitlement(ResourceTypes.OrganizationId, organizationId, RoleSlug + ":" + roleId);

    public static IEnumerable<Entitlement> Entitlements(Resource organization, IReadOnlyList<ClerkRole> roles)
    {
        var orgId = organization.Id.Resource;
        yield return Entitlement(
            organization,
            MemberEntitlementId(orgId),
            MemberSlug,
            "Member",
            $"Member of the {organization.DisplayName} organization");
        foreach (var role in roles)
        {
            var name = string.IsNullOrWhiteSpace(role.Name) ? role.Key : role.Name;
            yield return Entitlement(
                organization,
                RoleEntitlementId(orgId, role.Id),
                role.Key,
                name,
                $"{name} role in the {organization.DisplayName} organization");
        }
    }

    private static Entitlement Entitlement(Resource organization, string id, string slug, string displayName, string description)
    {
        var entitlement = new Entitlement
        {
            Id = id,
            Resource = organization,
            Slug = slug,
            DisplayName = displayName,
            Description = description,
            Purpose = Baton.V2.Entitlement.Types.PurposeValue.Assignment,
        };
        entitlement.GrantableTo.Add(ResourceTypes.User);
        return entitlement;
    }
}
