using BatonClerk.Engine.Baton;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.Clerk.Models;
using BatonClerk.Engine.Mapping;

namespace BatonClerk.Engine.Tests.Mapping;

public sealed class OrganizationMapperTests
{
    private static readonly ClerkRole[] Roles =
    [
        new() { Id = "role_a", Key = "org:admin", Name = "Admin" },
        new() { Id = "role_m", Key = "org:member", Name = "Member" },
    ];

    [Fact]
    public void Map_Organization_IsGroupWithTrait()
    {
        var r = OrganizationMapper.Map(new ClerkOrganization { Id = "org_1", Name = "Acme", Slug = "acme", MembersCount = 3, CreatedAt = 1_700_000_000_000 });
        Assert.Equal("organization", r.Id.ResourceType);
        Assert.Equal("Acme", r.DisplayName);
        Assert.NotNull(Annotations.Find<GroupTrait>(r.Annotations));
        Assert.Equal("acme", r.Profile.Fields["slug"].StringValue);
    }

    [Fact]
    public void Entitlements_MemberAndOnePerRole_WithContractIds()
    {
        var org = OrganizationMapper.Map(new ClerkOrganization { Id = "org_1", Name = "Acme" });
        var ents = OrganizationMapper.Entitlements(org, Roles).ToList();

        Assert.Equal(["organization:org_1:member", "organization:org_1:role:role_a", "organization:org_1:role:role_m"], ents.Select(e => e.Id));
        Assert.Equal(["member", "org:admin", "org:member"], ents.Select(e => e.Slug));
        Assert.All(ents, e => Assert.Equal(Entitlement.Types.PurposeValue.Assignment, e.Purpose));
        Assert.All(ents, e => Assert.Equal("user", Assert.Single(e.GrantableTo).Id));
        Assert.All(ents, e => Assert.Equal("org_1", e.Resource.Id.Resource));
    }

    [Fact]
    public void MembershipMapper_ResolvedRole_GivesMemberAndRoleGrants()
    {
        var grants = new List<Grant>();
        var unresolved = MembershipMapper.Map(
            new ClerkMembership { Id = "m1", Role = "org:admin", Organization = new ClerkOrganization { Id = "org_1" }, PublicUserData = new ClerkPublicUserData { UserId = "user_9" } },
            null,
            Roles.ToDictionary(r => r.Key, r => r.Id),
            null,
            grants);

        Assert.Equal(MembershipMapping.Mapped, unresolved);
        Assert.Equal(["organization:org_1:member:user:user_9", "organization:org_1:role:role_a:user:user_9"], grants.Select(g => g.Id));
        Assert.All(grants, g => Assert.Equal("user_9", g.Principal.Id.Resource));
        Assert.Equal("organization:org_1:role:role_a", grants[1].Entitlement.Id);
        Assert.Equal("org_1", grants[1].Entitlement.Resource.Id.Resource);
    }

    [Fact]
    public void MembershipMapper_LegacyKey_GivesMemberGrantOnlyAndReportsKey()
    {
        var grants = new List<Grant>();
        var unresolved = MembershipMapper.Map(
            new ClerkMembership { Id = "m1", Role = "basic_member", PublicUserData = new ClerkPublicUserData { UserId = "user_9" } },
            "org_2",
            Roles.ToDictionary(r => r.Key, r => r.Id),
            null,
            grants);

        Assert.Equal(MembershipMapping.UnknownRole, unresolved);
        Assert.Equal("organization:org_2:member:user:user_9", Assert.Single(grants).Id);
    }

    [Fact]
    public void MembershipMapper_NoPublicUserData_IsSkippedNotFatal()
    {
        var grants = new List<Grant>();
        var result = MembershipMapper.Map(
            new ClerkMembership { Id = "m1", Role = "org:admin", Organization = new ClerkOrganization { Id = "o" } }, null, Roles.ToDictionary(r => r.Key, r => r.Id), null, grants);

        Assert.Equal(MembershipMapping.NoUser, result);
        Assert.Empty(grants);
    }

    [Fact]
    public void MembershipMapper_NoOrganization_IsRejected() =>
        Assert.Throws<InvalidDataException>(() => MembershipMapper.Map(
            new ClerkMembership { Id = "m1", PublicUserData = new ClerkPublicUserData { UserId = "u" } }, null, new Dictionary<string, string>(), null, new List<Grant>()));

    [Fact]
    public void MembershipMapper_RoleOutsideRoleSet_GivesMemberGrantOnly()
    {
        var grants = new List<Grant>();
        var result = MembershipMapper.Map(
            new ClerkMembership { Id = "m1", Role = "org:admin", PublicUserData = new ClerkPublicUserData { UserId = "user_9" } },
            "org_3",
            Roles.ToDictionary(r => r.Key, r => r.Id),
            new HashSet<string>(StringComparer.Ordinal) { "org:member" },
            grants);

        Assert.Equal(MembershipMapping.RoleOutsideSet, result);
        Assert.Equal("organization:org_3:member:user:user_9", Assert.Single(grants).Id);
    }

    [Fact]
    public void MembershipMapper_RoleLabel_PrefersRoleName()
    {
        Assert.Equal("'org:x' (Auditor)", MembershipMapper.RoleLabel(new ClerkMembership { Id = "m", Role = "org:x", RoleName = "Auditor" }));
        Assert.Equal("'org:x'", MembershipMapper.RoleLabel(new ClerkMembership { Id = "m", Role = "org:x" }));
    }

    [Fact]
    public void RoleAndPermission_MapToTheirTypes()
    {
        var role = RoleMapper.Map(Roles[0]);
        Assert.Equal("role", role.Id.ResourceType);
        Assert.NotNull(Annotations.Find<RoleTrait>(role.Annotations));
        var perm = PermissionMapper.Map(new ClerkPermission { Id = "perm_1", Key = "org:sys_profile:read", Name = "" });
        Assert.Equal("permission", perm.Id.ResourceType);
        Assert.Equal("org:sys_profile:read", perm.DisplayName);
        Assert.Empty(perm.Annotations);
    }
}
