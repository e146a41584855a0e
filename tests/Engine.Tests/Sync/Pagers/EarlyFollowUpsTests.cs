using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Clerk.Models;
using BatonClerk.Engine.Sync;
using BatonClerk.Engine.Sync.Pagers;
using BatonClerk.Engine.Tests.Support;

namespace BatonClerk.Engine.Tests.Sync.Pagers;

/// <summary>
/// A page's follow-ups go to its pager before the page is mapped, so the next requests are on the wire while the
/// page's CPU work runs (the pager's early-follow-up hook stands in for the pager actor here).
/// </summary>
public sealed class EarlyFollowUpsTests
{
    private readonly List<string> _issued = [];

    private void Capture() => EarlyFollowUps.Current = requests => _issued.AddRange(requests.Select(r => r.Key));

    [Fact]
    public async Task OffsetPager_FirstPageWithATotal_IssuesTheRestOfTheListBeforeMappingIt()
    {
        Capture();
        var issuedAtMap = -1;
        var pager = new OffsetPager<ClerkRole>(
            "roles",
            2,
            [OffsetPager<ClerkRole>.First("roles")],
            (_, q, _) => Task.FromResult(new ClerkPage<ClerkRole>([new ClerkRole { Id = "role_a", Key = "org:a" }, new ClerkRole { Id = "role_b", Key = "org:b" }], 5)),
            (_, _) =>
            {
                issuedAtMap = _issued.Count;
                return PageOutcome.Empty;
            },
            new SyncMetrics().For("roles"));

        var outcome = await pager.FetchAsync(OffsetPager<ClerkRole>.First("roles"), CancellationToken.None);

        Assert.Equal(["roles:all:2", "roles:all:4"], outcome.FollowUps.Select(f => f.Key));
        Assert.Equal(outcome.FollowUps.Select(f => f.Key), _issued);
        Assert.Equal(2, issuedAtMap);
    }

    [Fact]
    public async Task UsersPager_Bounds_StartsEveryPartitionAndTheProbesNextPageBeforeMappingTheProbe()
    {
        Capture();
        var api = new FakeClerkApi(FakeClerkData.Create(users: 40, organizations: 0));
        var issuedAtFirstMap = -1;
        var pager = new UsersPager(
            (call, ct) => call(api, ct),
            (_, _) => Task.FromResult(40L),
            new UsersPagerSettings(PageSize: 5, CursorThreshold: 10, Partitions: 4),
            users =>
            {
                if (issuedAtFirstMap < 0)
                {
                    issuedAtFirstMap = _issued.Count;
                }

                return PageOutcome.Empty;
            },
            new SyncMetrics().For(UsersPager.PagerName),
            _ => { });

        var outcome = await pager.FetchAsync(new UsersBounds { Count = 40 }, CancellationToken.None);

        // Three other partitions start, and the probed (newest) partition walks on from its first page.
        Assert.Equal(4, outcome.FollowUps.Count);
        Assert.Equal(3, outcome.FollowUps.OfType<UsersCursor>().Count(c => c.StartingAfter is null));
        Assert.Equal(outcome.FollowUps.Select(f => f.Key), _issued);
        Assert.Equal(4, issuedAtFirstMap);
    }

    [Fact]
    public async Task UsersPager_ServerIgnoresTheCreatedAtFilters_IssuesNoPartitionEarly()
    {
        Capture();
        var api = new FakeClerkApi(FakeClerkData.Create(users: 40, organizations: 0)) { IgnoreCreatedAtFilters = true };
        var pager = new UsersPager(
            (call, ct) => call(api, ct),
            (_, _) => Task.FromResult(40L),
            new UsersPagerSettings(PageSize: 5, CursorThreshold: 10, Partitions: 4),
            _ => PageOutcome.Empty,
            new SyncMetrics().For(UsersPager.PagerName),
            _ => { });

        var outcome = await pager.FetchAsync(new UsersBounds { Count = 40 }, CancellationToken.None);

        // The probe caught it: the plan is offsets over everything, and no partition was started on the way.
        Assert.All(outcome.FollowUps, f => Assert.IsType<UsersOffset>(f));
        Assert.Empty(_issued);
    }
}
