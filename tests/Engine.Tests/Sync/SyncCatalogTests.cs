using BatonClerk.Engine.Clerk.Models;
using BatonClerk.Engine.Sync;
using BatonClerk.Engine.Sync.Uploader;

namespace BatonClerk.Engine.Tests.Sync;

public sealed class SyncCatalogTests
{
    private static readonly ClerkRole[] Roles =
    [
        new() { Id = "role_a", Key = "org:admin", Name = "Admin" },
        new() { Id = "role_m", Key = "org:member", Name = "Member" },
        new() { Id = "role_b", Key = "org:billing", Name = "Billing" },
    ];

    private static SyncCatalog WithRoleSets()
    {
        var catalog = new SyncCatalog();
        catalog.AddRoles(Roles);
        catalog.AddRoleSets(
        [
            new ClerkRoleSet
            {
                Id = "rs_1",
                Key = "role_set:basic",
                Roles = [new ClerkRoleSetItem { Key = "org:admin" }, new ClerkRoleSetItem { Key = "org:member" }],
                DefaultRole = new ClerkRoleSetItem { Key = "org:member" },
                CreatorRole = new ClerkRoleSetItem { Key = "org:admin" },
            },
        ]);
        catalog.SealRoles();
        return catalog;
    }

    [Fact]
    public void RolesOf_KnownSet_GivesItsRolesAndUnknownOrNoSetGivesAll()
    {
        var catalog = WithRoleSets();

        Assert.Equal(["org:admin", "org:member"], catalog.RolesOf("role_set:basic").Select(r => r.Key));
        Assert.Equal(3, catalog.RolesOf("role_set:unknown").Count);
        Assert.Equal(3, catalog.RolesOf(null).Count);
    }

    [Fact]
    public void AddOrganization_WithRoleSet_KnowsAllowedKeysAndDefaultRole()
    {
        var catalog = WithRoleSets();
        catalog.AddOrganization("org_1", 3, "role_set:basic");
        catalog.AddOrganization("org_2", 3, null);

        Assert.True(catalog.AllowedRoleKeys("org_1")!.SetEquals(["org:admin", "org:member"]));
        Assert.Equal("org:member", catalog.DefaultRoleKey("org_1"));
        Assert.Null(catalog.AllowedRoleKeys("org_2"));
        Assert.Null(catalog.DefaultRoleKey("org_2"));
    }

    [Fact]
    public void ResumeSnapshot_RoleSetsAndOrganizationSets_SurviveARestart()
    {
        var before = WithRoleSets();
        before.AddOrganization("org_1", 3, "role_set:basic");
        var state = new Dictionary<string, string>
        {
            [ResumeEntries.Roles] = ResumeEntries.Serialize(before.Roles),
            [ResumeEntries.RoleSets] = ResumeEntries.Serialize(before.RoleSetsSnapshot),
            [ResumeEntries.Organizations] = ResumeEntries.Serialize(before.OrganizationMembers),
            [ResumeEntries.OrganizationRoleSets] = ResumeEntries.Serialize(before.OrganizationRoleSets),
        };

        var snapshot = ResumeSnapshot.From(state);
        var after = new SyncCatalog();
        after.AddRoles(snapshot.Roles!);
        after.RestoreRoleSets(snapshot.RoleSets!);
        after.AddOrganization("org_1", 3, snapshot.OrganizationRoleSets!["org_1"]);
        after.SealRoles();

        Assert.True(after.AllowedRoleKeys("org_1")!.SetEquals(["org:admin", "org:member"]));
        Assert.Equal("org:member", after.DefaultRoleKey("org_1"));
    }

    [Fact]
    public void RoleSetsUnavailable_EveryOrganizationMayHoldEveryRole()
    {
        var catalog = new SyncCatalog();
        catalog.AddRoles(Roles);
        catalog.RoleSetsUnavailable();
        catalog.SealRoles();
        catalog.AddOrganization("org_1", 1, "role_set:basic");

        Assert.False(catalog.RoleSetsKnown);
        Assert.Null(catalog.AllowedRoleKeys("org_1"));
        Assert.Equal(3, catalog.RolesOf("role_set:basic").Count);
    }
}
