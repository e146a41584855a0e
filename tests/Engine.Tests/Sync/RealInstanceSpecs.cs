using Akka.TestKit.Xunit2;
using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Clerk.Models;
using BatonClerk.Engine.Sync;
using BatonClerk.Engine.Sync.Gate;
using BatonClerk.Engine.Sync.Pagers;
using BatonClerk.Engine.Tests.Support;

namespace BatonClerk.Engine.Tests.Sync;

/// <summary>The engine against what real Clerk instances do (reference §11), on the in-memory fake.</summary>
public sealed class RealInstanceSpecs() : TestKit("akka.loglevel = WARNING")
{
    private static readonly string[] OrganizationCalls = ["organizations", "roles", "permissions", "role_sets", "memberships", "org-memberships"];

    private static SyncSettings Settings(int pageSize = 100) => new()
    {
        Budget = new RateBudget(100_000, TimeSpan.FromSeconds(10)),
        PageSize = pageSize,
        Parallelism = 4,
        ProgressInterval = TimeSpan.FromSeconds(1),
    };

    private Task<SyncSummary> Run(FakeClerkApi api, MemoryStore store, SyncSettings? settings = null)
    {
        var completion = new TaskCompletionSource<SyncSummary>(TaskCreationOptions.RunContinuationsAsynchronously);
        var request = new SyncRequest(settings ?? Settings(), gate => { api.Gate = gate; return api; }, () => store, completion);
        Sys.ActorOf(SyncSupervisor.Props(request));
        return completion.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static bool IsOrganizationCall(string call) => OrganizationCalls.Any(p => call.StartsWith(p + " ", StringComparison.Ordinal));

    private static int UserPages(FakeClerkApi api) => api.Calls.Count(c => c.StartsWith("users offset=", StringComparison.Ordinal));

    [Fact]
    public async Task Run_OrganizationsNotEnabled_SyncsUsersAndWarnsOnce()
    {
        var data = FakeClerkData.Create(users: 321, organizations: 4);
        var api = new FakeClerkApi(data)
        {
            BeforeAnswer = call => IsOrganizationCall(call)
                ? throw new ClerkApiException(ClerkErrorKind.OrganizationsNotEnabled, "the Organizations feature is not enabled", 403, "/organizations")
                : Task.CompletedTask,
        };
        var store = new MemoryStore();

        var summary = await Run(api, store);

        Assert.True(store.Completed);
        Assert.Equal(321, store.Resources.Keys.Count(k => k.StartsWith("user:", StringComparison.Ordinal)));
        Assert.Equal(321, store.Resources.Count);
        Assert.Empty(store.Entitlements);
        Assert.Empty(store.Grants);
        Assert.Equal(4, store.ResourceTypes.Count);
        var warning = Assert.Single(summary.Warnings);
        Assert.Contains("organization_not_enabled_in_instance", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(api.Calls, c => c.StartsWith("memberships", StringComparison.Ordinal) || c.StartsWith("org-memberships", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_OtherForbiddenOnOrganizations_FailsTheSync()
    {
        var data = FakeClerkData.Create(users: 50, organizations: 4);
        var api = new FakeClerkApi(data)
        {
            BeforeAnswer = call => call.StartsWith("organizations ", StringComparison.Ordinal)
                ? throw new ClerkApiException(ClerkErrorKind.Forbidden, "Clerk refused access", 403, "/organizations")
                : Task.CompletedTask,
        };

        var error = await Assert.ThrowsAsync<ClerkApiException>(() => Run(api, new MemoryStore()));

        Assert.Equal(ClerkErrorKind.Forbidden, error.Kind);
    }

    [Fact]
    public async Task Run_MembershipsWithoutPublicUserData_AreSkippedAndCountedInOneWarning()
    {
        var data = FakeClerkData.Create(users: 200, organizations: 8);
        var broken = data.Memberships.Select((m, i) => i % 5 == 1 ? m with { PublicUserData = null } : m).ToList();
        data = data with { Memberships = broken };
        var api = new FakeClerkApi(data);
        var store = new MemoryStore();

        var summary = await Run(api, store);

        var skipped = broken.Count(m => m.PublicUserData is null);
        Assert.True(skipped > 1);
        var warning = Assert.Single(summary.Warnings, w => w.Contains("public_user_data", StringComparison.Ordinal));
        Assert.StartsWith($"{skipped} ", warning, StringComparison.Ordinal);
        var roleKeys = data.Roles.Select(r => r.Key).ToHashSet();
        Assert.Equal(broken.Where(m => m.PublicUserData is not null).Sum(m => roleKeys.Contains(m.Role!) ? 2 : 1), store.Grants.Count);
    }

    [Fact]
    public async Task Run_RoleSets_EntitlementsFollowEachOrganizationsSetAndOutsideRolesWarn()
    {
        var data = FakeClerkData.Create(users: 100, organizations: 6);
        var basic = new ClerkRoleSet
        {
            Id = "rs_basic",
            Key = "role_set:basic",
            Roles = [new ClerkRoleSetItem { Key = "org:member" }],
            DefaultRole = new ClerkRoleSetItem { Key = "org:member" },
            CreatorRole = new ClerkRoleSetItem { Key = "org:member" },
        };
        var full = new ClerkRoleSet
        {
            Id = "rs_default",
            Key = "role_set:default",
            Roles = [new ClerkRoleSetItem { Key = "org:admin" }, new ClerkRoleSetItem { Key = "org:member" }],
            DefaultRole = new ClerkRoleSetItem { Key = "org:member" },
            CreatorRole = new ClerkRoleSetItem { Key = "org:admin" },
        };
        var orgs = data.Organizations.Select((o, i) => o with { RoleSetKey = i % 2 == 0 ? basic.Key : full.Key }).ToList();
        var byId = orgs.ToDictionary(o => o.Id);
        var memberships = data.Memberships.Select(m => m with { Organization = byId[m.Organization!.Id], RoleName = m.Role == "org:admin" ? "Admin" : null }).ToList();
        data = data with { Organizations = orgs, Memberships = memberships, RoleSets = [basic, full] };
        var store = new MemoryStore();

        var summary = await Run(new FakeClerkApi(data), store);

        var basicOrgs = orgs.Where(o => o.RoleSetKey == basic.Key).Select(o => o.Id).ToHashSet();
        Assert.Equal(basicOrgs.Count * 2 + (orgs.Count - basicOrgs.Count) * 3, store.Entitlements.Count);
        Assert.DoesNotContain(store.Entitlements.Keys, k => basicOrgs.Any(o => k == $"organization:{o}:role:role_admin"));
        var outside = memberships.Count(m => basicOrgs.Contains(m.Organization!.Id) && m.Role == "org:admin");
        Assert.True(outside > 0);
        Assert.Contains(summary.Warnings, w => w.StartsWith($"{outside} memberships hold a role outside", StringComparison.Ordinal));
        Assert.Contains(summary.Warnings, w => w.Contains("'org:admin' (Admin)", StringComparison.Ordinal));
        Assert.All(memberships, m => Assert.Contains($"organization:{m.Organization!.Id}:member:user:{m.PublicUserData!.UserId}", store.Grants.Keys));
        Assert.Equal(data.Roles.Count, summary.Items.Roles);
        Assert.DoesNotContain(summary.Warnings, w => w.Contains("announced", StringComparison.Ordinal));
        Assert.DoesNotContain(store.Grants.Keys, k => basicOrgs.Any(o => k.StartsWith($"organization:{o}:role:role_admin:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Run_RoleSetsUnavailable_GivesEveryRoleWithANote()
    {
        var data = FakeClerkData.Create(users: 60, organizations: 5);
        var api = new FakeClerkApi(data)
        {
            BeforeAnswer = call => call.StartsWith("role_sets ", StringComparison.Ordinal)
                ? throw new ClerkApiException(ClerkErrorKind.FeatureNotEnabled, "no role sets", 403, "/role_sets")
                : Task.CompletedTask,
        };
        var store = new MemoryStore();

        var summary = await Run(api, store);

        Assert.Equal(data.Organizations.Count * (1 + data.Roles.Count), store.Entitlements.Count);
        Assert.Contains(summary.Warnings, w => w.Contains("role sets", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_ServerIgnoresCreatedAtFilters_FallsBackToOffsetsAfterOneProbePage()
    {
        var data = FakeClerkData.Create(users: 2000, organizations: 3);
        var api = new FakeClerkApi(data) { IgnoreCreatedAtFilters = true };
        var store = new MemoryStore();

        var summary = await Run(api, store, Settings() with { UsersCursorThreshold = 500, UserPartitions = 8 });

        Assert.Equal(2000, store.Resources.Keys.Count(k => k.StartsWith("user:", StringComparison.Ordinal)));
        Assert.Contains(summary.Warnings, w => w.Contains("ignored the created_at filters", StringComparison.Ordinal));
        // two bound pages, one probe, then the 20 offset pages: nothing walked twice.
        Assert.True(UserPages(api) <= 2 + 1 + 20, $"{UserPages(api)} /users requests");
        Assert.Equal(2000, summary.Items.Users);
        Assert.StartsWith("offsets", summary.UsersPlan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CursorUserDeletedBetweenPages_CompletesFromItsCreatedAt()
    {
        var data = FakeClerkData.Create(users: 1000, organizations: 2);
        var api = new FakeClerkApi(data) { RejectUnknownCursor = true };
        var deleted = 0;
        api.BeforeAnswer = call =>
        {
            if (call.StartsWith("users offset=0 after=user_", StringComparison.Ordinal) && Interlocked.Exchange(ref deleted, 1) == 0)
            {
                api.DeletedUsers.TryAdd(call["users offset=0 after=".Length..], 0);
            }

            return Task.CompletedTask;
        };
        var store = new MemoryStore();

        var summary = await Run(api, store, Settings() with { UsersCursorThreshold = 100, UserPartitions = 2 });

        Assert.True(store.Completed);
        Assert.Single(api.DeletedUsers);
        Assert.Equal(1000, store.Resources.Keys.Count(k => k.StartsWith("user:", StringComparison.Ordinal)));
        Assert.Contains(summary.Warnings, w => w.Contains("starting_after cursor", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_ItemsFarPastTheAnnouncedTotal_StopsWithAClearError()
    {
        var data = FakeClerkData.Create(users: 10, organizations: 2000);
        var api = new FakeClerkApi(data) { AnnouncedTotal = 5 };

        var error = await Assert.ThrowsAsync<PagingOverrunException>(() => Run(api, new MemoryStore()));

        // The memberships' instance list runs alongside the organizations and overruns the same way: either stops it.
        Assert.Matches("announced 5 (organizations|memberships) but keeps sending full pages", error.Message);
        Assert.True(api.Calls.Count(c => c.StartsWith("organizations ", StringComparison.Ordinal)) <= 4);
    }
}
