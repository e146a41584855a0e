using System.Text.Json;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.C1z;
using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Clerk.Models;
using BatonClerk.Engine.Mapping;
using BatonClerk.Simulator;
using Google.Protobuf;

namespace BatonClerk.Engine.Tests.Mapping;

/// <summary>
/// Memberships written straight to rows (MembershipMapper.Encode) must be the rows the message path makes: every
/// column of every grant, and the grant's bytes, compared one for one.
/// </summary>
public sealed class MembershipRowsTests
{
    private static readonly Dictionary<string, string> RoleIds = new(StringComparer.Ordinal)
    {
        ["org:admin"] = "role_admin",
        ["org:member"] = "role_member",
    };

    private static (MembershipMapping[] Direct, MembershipMapping[] ByMessages) AssertSameRows(
        IReadOnlyList<ClerkMembership> memberships,
        string? organizationId,
        IReadOnlyDictionary<string, string> roleIds,
        Func<string, IReadOnlySet<string>?> allowed)
    {
        var grants = new List<Grant>();
        var byMessages = memberships
            .Select(m => MembershipMapper.Map(m, organizationId, roleIds, allowed(m.Organization?.Id ?? organizationId!), grants))
            .ToArray();
        using var expected = C1zRows.Encode([], [], grants);
        using var rows = C1zRows.ForGrants(1);
        var direct = memberships
            .Select(m => MembershipMapper.Encode(m, organizationId, roleIds, allowed(m.Organization?.Id ?? organizationId!), rows))
            .ToArray();

        Assert.Equal(expected.Grants, rows.Grants);
        Assert.Equal(0, rows.Resources + rows.Entitlements);
        for (var i = 0; i < grants.Count * C1zRows.GrantFields; i++)
        {
            Assert.True(expected.TryGet(i, out var want));
            Assert.True(rows.TryGet(i, out var got));
            Assert.Equal(Convert.ToHexString(want), Convert.ToHexString(got));
        }

        return (direct, byMessages);
    }

    [Fact]
    public async Task Encode_EverySimulatedMembership_EqualsTheMessagePath()
    {
        using var sim = ClerkSimulator.Start(new SimulatorOptions
        {
            DatasetOptions = new SimDatasetOptions { Users = 600, Organizations = 30, Memberships = 1200, Seed = 11, MembershipsWithoutUserEvery = 50, LegacyRoleFraction = 0.05 },
        });
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("Authorization", "Bearer " + sim.SecretKey);
        var memberships = new List<ClerkMembership>();
        for (var offset = 0; offset < 1200; offset += 500)
        {
            var page = await http.GetByteArrayAsync($"{sim.BaseUrl}/organization_memberships?limit=500&offset={offset}");
            memberships.AddRange(JsonSerializer.Deserialize(page, ClerkJsonContext.Default.ClerkListResponseClerkMembership)!.Data!);
        }

        Assert.Equal(1200, memberships.Count);
        var roleIds = sim.Dataset.Roles.ToDictionary(r => r.Key, r => r.Id, StringComparer.Ordinal);
        var (direct, byMessages) = AssertSameRows(memberships, null, roleIds, _ => null);
        Assert.Equal(byMessages, direct);
        Assert.Contains(MembershipMapping.Mapped, direct);
        Assert.Contains(MembershipMapping.NoUser, direct);
        Assert.Contains(MembershipMapping.UnknownRole, direct);
    }

    [Fact]
    public void Encode_EveryOutcome_EqualsTheMessagePath()
    {
        ClerkMembership Membership(string id, string? role, string? org, string? user) => new()
        {
            Id = id,
            Role = role,
            Organization = org is null ? null : new ClerkOrganization { Id = org },
            PublicUserData = user is null ? null : new ClerkPublicUserData { UserId = user },
        };

        var memberships = new[]
        {
            Membership("m1", "org:admin", "org_1", "user_1"),
            Membership("m2", "org:member", null, "user_2"),
            Membership("m3", null, "org_1", "user_3"),
            Membership("m4", "basic_member", "org_1", "user_4"),
            Membership("m5", "org:admin", "org_limited", "user_5"),
            Membership("m6", "org:admin", "org_1", null),
            // Ids long enough that every length prefix needs two bytes, and text beyond ASCII.
            Membership("m7", "org:admin", "org_" + new string('o', 200), "user_" + new string('u', 150)),
            Membership("m8", "org:member", "org_ü名", "user_😀"),
        };
        IReadOnlySet<string>? Allowed(string org) =>
            org == "org_limited" ? new HashSet<string>(StringComparer.Ordinal) { "org:member" } : null;

        var (direct, byMessages) = AssertSameRows(memberships, "org_fallback", RoleIds, Allowed);

        Assert.Equal(byMessages, direct);
        Assert.Equal(
            [MembershipMapping.Mapped, MembershipMapping.Mapped, MembershipMapping.Mapped, MembershipMapping.UnknownRole,
             MembershipMapping.RoleOutsideSet, MembershipMapping.NoUser, MembershipMapping.Mapped, MembershipMapping.Mapped],
            direct);
    }

    [Fact]
    public void Encode_NoOrganization_IsRejectedAsByMessages()
    {
        using var rows = C1zRows.ForGrants(1);
        var membership = new ClerkMembership { Id = "m1", PublicUserData = new ClerkPublicUserData { UserId = "u" } };

        Assert.Throws<InvalidDataException>(() => MembershipMapper.Encode(membership, null, RoleIds, null, rows));
        Assert.Equal(0, rows.Count);
    }

    [Fact]
    public void AddGrant_TextThatIsNotUtf16_IsReplacedAsByMessages()
    {
        // Google.Protobuf writes a lone surrogate as U+FFFD rather than failing; the columns and bytes must agree.
        var grant = new Grant
        {
            Id = "organization:org_1:member:user:user_\ud800",
            Entitlement = new Entitlement { Id = "organization:org_1:member", Resource = new Resource { Id = new ResourceId { ResourceType = "organization", Resource = "org_1" } } },
            Principal = new Resource { Id = new ResourceId { ResourceType = "user", Resource = "user_\ud800" } },
        };
        using var expected = C1zRows.Encode([], [], [grant]);
        using var rows = C1zRows.ForGrants(1);
        rows.AddGrant("organization", "org_1", "member", null, "user", "user_\ud800");

        for (var i = 0; i < C1zRows.GrantFields; i++)
        {
            Assert.True(expected.TryGet(i, out var want));
            Assert.True(rows.TryGet(i, out var got));
            Assert.Equal(Convert.ToHexString(want), Convert.ToHexString(got));
        }

        Assert.Contains("EFBFBD", Convert.ToHexString(grant.ToByteArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void AddGrant_MissingId_IsRejected()
    {
        using var rows = C1zRows.ForGrants(1);

        Assert.Throws<ArgumentException>(() => rows.AddGrant("organization", "", "member", null, "user", "user_1"));
        Assert.Throws<ArgumentException>(() => rows.AddGrant("organization", "org_1", "member", null, "user", ""));
        Assert.Equal(0, rows.Count);
    }
}
