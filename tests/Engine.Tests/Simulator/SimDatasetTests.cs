using BatonClerk.Simulator;

namespace BatonClerk.Engine.Tests.Simulator;

public sealed class SimDatasetTests
{
    private static readonly SimDataset Data = SimDataset.Generate(new SimDatasetOptions { Users = 3000, Organizations = 60, Seed = 5 });

    [Fact]
    public void Generate_SameSeed_GivesSameRows()
    {
        var again = SimDataset.Generate(new SimDatasetOptions { Users = 3000, Organizations = 60, Seed = 5 });

        Assert.Equal(Data.Users, again.Users);
        Assert.Equal(Data.Organizations, again.Organizations);
        Assert.Equal(Data.Memberships.Select(m => (m.Id, m.UserId, m.OrganizationId, m.Role)),
            again.Memberships.Select(m => (m.Id, m.UserId, m.OrganizationId, m.Role)));
    }

    [Fact]
    public void Generate_OtherSeed_GivesOtherRows()
    {
        var other = SimDataset.Generate(new SimDatasetOptions { Users = 3000, Organizations = 60, Seed = 6 });

        Assert.NotEqual(Data.Users.Select(u => u.FirstName), other.Users.Select(u => u.FirstName));
    }

    [Fact]
    public void Generate_Users_CoverEveryShape()
    {
        Assert.Equal(3000, Data.Users.Count);
        Assert.Contains(Data.Users, u => u.EmailAddresses.Count == 0 && u.Username is null);
        Assert.Contains(Data.Users, u => u.EmailAddresses.Count >= 2 && u.PrimaryEmailIndex > 0);
        Assert.Contains(Data.Users, u => u.EmailAddresses.Count == 0 && u.Username is not null && u.FirstName is null && u.LastName is null);
        Assert.Contains(Data.Users, u => u.Banned);
        Assert.Contains(Data.Users, u => u.Locked);
        Assert.Contains(Data.Users, u => u.TwoFactorEnabled);
        Assert.Contains(Data.Users, u => u.LastSignInAt is null);
        Assert.Contains(Data.Users, u => u.FirstName is { } f && f.Any(c => c > 127));
        Assert.All(Data.Users, u => Assert.StartsWith(SimUser.PrivateMarkerPrefix, u.PrivateMarker, StringComparison.Ordinal));
        Assert.All(Data.Users, u => Assert.Contains(u.PrivateMarker, u.PrivateMetadataJson, StringComparison.Ordinal));
        Assert.All(Data.Users.Where(u => u.PrimaryEmail is not null), u => Assert.Contains(u.PrimaryEmail!, u.EmailAddresses));
    }

    [Fact]
    public void Generate_Ids_AreUniqueAndParseBack()
    {
        Assert.Equal(Data.Users.Count, Data.Users.Select(u => u.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Data.Memberships.Count, Data.Memberships.Select(m => m.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(Data.Users.Take(50), u => Assert.Equal(u.Number, SimIds.TryParse("user_", u.Id)));
        Assert.Null(SimIds.TryParse("user_", "user_bogus"));
    }

    [Fact]
    public void Generate_CreationOrder_IsStrictForUsersAndMonotonicForMemberships()
    {
        Assert.All(Data.Users.Zip(Data.Users.Skip(1)), p => Assert.True(p.First.CreatedAt < p.Second.CreatedAt));
        Assert.All(Data.Memberships.Zip(Data.Memberships.Skip(1)), p => Assert.True(p.First.CreatedAt <= p.Second.CreatedAt));
        Assert.All(Data.Memberships, m => Assert.True(m.CreatedAt >= m.User.CreatedAt));
    }

    [Fact]
    public void Generate_Memberships_DefaultToOnePointFourPerUserWithSkew()
    {
        Assert.Equal(4200, Data.Memberships.Count);
        var sizes = Data.Organizations.Select(o => Data.MembershipsOf(o.Id).Count).ToList();
        Assert.Equal(4200, sizes.Sum());
        Assert.Contains(0, sizes);
        Assert.True(sizes.Max() >= 500, $"largest organization has {sizes.Max()} members");
        Assert.Equal(6, sizes.Count(s => s == 0));
        Assert.Equal(Data.Memberships.Count, Data.Memberships.Select(m => (m.OrganizationId, m.UserId)).Distinct().Count());
    }

    [Fact]
    public void Generate_ExplicitMembershipCount_IsHonoured()
    {
        var data = SimDataset.Generate(new SimDatasetOptions { Users = 500, Organizations = 10, Memberships = 2000, Seed = 2 });

        Assert.Equal(2000, data.Memberships.Count);
    }

    [Fact]
    public void Generate_TooManyMemberships_ThrowsClearly() =>
        Assert.Throws<ArgumentException>(() =>
            SimDataset.Generate(new SimDatasetOptions { Users = 10, Organizations = 2, Memberships = 100 }));

    [Fact]
    public void Generate_Roles_UseKnownPermissionsAndLegacyKeyMatchesNone()
    {
        var roleKeys = Data.Roles.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        var permissionKeys = Data.Permissions.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("org:admin", roleKeys);
        Assert.Contains("org:member", roleKeys);
        Assert.True(roleKeys.Count >= 5);
        Assert.All(Data.Roles.SelectMany(r => r.PermissionKeys), k => Assert.Contains(k, permissionKeys));
        Assert.Contains(Data.Permissions, p => p.Type == "system" && p.Key.StartsWith("org:sys_", StringComparison.Ordinal));
        Assert.Contains(Data.Permissions, p => p.Type == "user");
        var used = Data.Memberships.Select(m => m.Role).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("basic_member", used);
        Assert.DoesNotContain("basic_member", roleKeys);
        Assert.Contains(used, k => k != "org:admin" && k != "org:member" && roleKeys.Contains(k));
    }

    [Fact]
    public void Mutations_AddAndRemove_SwapSnapshots()
    {
        var data = SimDataset.Generate(new SimDatasetOptions { Users = 20, Organizations = 3, Seed = 3 });
        var before = data.Snapshot;
        var org = data.AddOrganization("Néw Örg");
        var user = data.AddUser();
        var membership = data.AddMembership(org.Id, user.Id, "org:admin");

        Assert.Equal(21, data.Users.Count);
        Assert.Equal(20, before.Users.Count);
        Assert.Equal(membership, Assert.Single(data.MembershipsOf(org.Id)));
        Assert.True(data.RemoveUser(user.Id));
        Assert.Empty(data.MembershipsOf(org.Id));
        Assert.DoesNotContain(data.Memberships, m => m.UserId == user.Id);
        Assert.True(data.RemoveOrganization(org.Id));
        Assert.False(data.RemoveOrganization(org.Id));
    }
}
