using Akka.Actor;
using Akka.TestKit.Xunit2;
using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Mapping;
using BatonClerk.Engine.Sync;
using BatonClerk.Engine.Sync.Gate;
using BatonClerk.Engine.Sync.Pagers;
using BatonClerk.Engine.Sync.Uploader;
using BatonClerk.Engine.Tests.Support;

namespace BatonClerk.Engine.Tests.Sync;

public sealed class SyncSupervisorSpecs() : TestKit("akka.loglevel = WARNING")
{
    private static SyncSettings Settings(int pageSize = 100) => new()
    {
        Budget = new RateBudget(100_000, TimeSpan.FromSeconds(10)),
        PageSize = pageSize,
        Parallelism = 4,
        ProgressInterval = TimeSpan.FromSeconds(1),
    };

    private (Task<SyncSummary> Result, IActorRef Supervisor) Start(FakeClerkApi api, MemoryStore store, SyncSettings settings)
    {
        var completion = new TaskCompletionSource<SyncSummary>(TaskCreationOptions.RunContinuationsAsynchronously);
        var request = new SyncRequest(settings, gate => { api.Gate = gate; return api; }, () => store, completion);
        return (completion.Task, Sys.ActorOf(SyncSupervisor.Props(request)));
    }

    private Task<SyncSummary> Run(FakeClerkApi api, MemoryStore store, SyncSettings settings) => Start(api, store, settings).Result;

    private static void AssertComplete(FakeClerkData data, MemoryStore store)
    {
        Assert.True(store.Completed);
        Assert.Equal(data.Users.Count, store.Resources.Keys.Count(k => k.StartsWith("user:", StringComparison.Ordinal)));
        Assert.Equal(data.Organizations.Count, store.Resources.Keys.Count(k => k.StartsWith("organization:", StringComparison.Ordinal)));
        Assert.Equal(data.Roles.Count, store.Resources.Keys.Count(k => k.StartsWith("role:", StringComparison.Ordinal)));
        Assert.Equal(data.Permissions.Count, store.Resources.Keys.Count(k => k.StartsWith("permission:", StringComparison.Ordinal)));
        Assert.Equal(data.Organizations.Count * (1 + data.Roles.Count), store.Entitlements.Count);
        var roleKeys = data.Roles.Select(r => r.Key).ToHashSet();
        var expectedGrants = data.Memberships.Sum(m => roleKeys.Contains(m.Role!) ? 2 : 1);
        Assert.Equal(expectedGrants, store.Grants.Count);
        foreach (var m in data.Memberships)
        {
            Assert.Contains($"organization:{m.Organization!.Id}:member:user:{m.PublicUserData!.UserId}", store.Grants.Keys);
        }
    }

    [Fact]
    public async Task Run_SmallInstance_StoresEveryObjectOnce()
    {
        var data = FakeClerkData.Create(users: 1234, organizations: 37);
        var api = new FakeClerkApi(data);
        var store = new MemoryStore();

        var summary = await Run(api, store, Settings()).WaitAsync(TimeSpan.FromSeconds(30));

        AssertComplete(data, store);
        Assert.Equal(1234, summary.Items.Users);
        Assert.Equal(data.Memberships.Count, summary.Items.Memberships);
        Assert.Single(summary.Warnings, w => w.Contains("basic_member", StringComparison.Ordinal));
        Assert.Equal(4, store.ResourceTypes.Count);
        // users/count + 13 user pages + 1 role + 1 permission + 1 org page + membership pages: no page twice.
        Assert.Equal(api.Calls.Count, api.Calls.Distinct().Count());
        Assert.Equal(api.Calls.Count, summary.Requests);
    }

    [Fact]
    public async Task Run_RateBoundWithLittleLeft_GivesTheStoreItsIdleTimeOnceBeforeCompletion()
    {
        var data = FakeClerkData.Create(users: 1234, organizations: 37);
        var api = new FakeClerkApi(data);
        var store = new MemoryStore();
        // About 65 requests at 30 per 2 s: the third window leaves a few, which wait on the budget with the store idle.
        var settings = Settings(pageSize: 25) with { Budget = new RateBudget(30, TimeSpan.FromSeconds(2)) };

        await Run(api, store, settings).WaitAsync(TimeSpan.FromSeconds(30));

        AssertComplete(data, store);
        Assert.InRange(api.Calls.Count, 61, 89);
        var (putsBefore, afterCompletion) = Assert.Single(store.IdleCalls);
        Assert.False(afterCompletion);
        Assert.InRange(putsBefore, 1, store.Puts - 1);
    }

    [Fact]
    public async Task Run_NeverWaitingOnTheBudget_LeavesTheStoresWorkToCompletion()
    {
        var data = FakeClerkData.Create(users: 1234, organizations: 37);
        var store = new MemoryStore();

        await Run(new FakeClerkApi(data), store, Settings()).WaitAsync(TimeSpan.FromSeconds(30));

        AssertComplete(data, store);
        Assert.Empty(store.IdleCalls);
    }

    [Fact]
    public async Task Run_UsersAboveCursorThreshold_WalksCreatedAtPartitionsWithCursor()
    {
        var data = FakeClerkData.Create(users: 2000, organizations: 5);
        var api = new FakeClerkApi(data);
        var store = new MemoryStore();

        var summary = await Run(api, store, Settings() with { UsersCursorThreshold = 500, UserPartitions = 4 }).WaitAsync(TimeSpan.FromSeconds(30));

        AssertComplete(data, store);
        Assert.Contains(api.Calls, c => c.StartsWith("users offset=0 after=user_", StringComparison.Ordinal));
        Assert.DoesNotContain(api.Calls, c => c.StartsWith("users offset=100 ", StringComparison.Ordinal));
        Assert.Contains("partitions", summary.UsersPlan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_LargeInstance_AsksForBothUserBoundsAtOnce()
    {
        var data = FakeClerkData.Create(users: 2000, organizations: 3);
        var api = new FakeClerkApi(data);
        var firstBoundAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondBoundAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bounds = 0;
        var overlapped = false;
        api.BeforeAnswer = async call =>
        {
            // The first two unfiltered first pages are the oldest and newest probes; the partitions come after both.
            if (call != "users offset=0 after=" || Interlocked.Increment(ref bounds) > 2)
            {
                return;
            }

            if (firstBoundAsked.TrySetResult())
            {
                overlapped = await Task.WhenAny(secondBoundAsked.Task, Task.Delay(TimeSpan.FromSeconds(5))) == secondBoundAsked.Task;
            }
            else
            {
                secondBoundAsked.TrySetResult();
            }
        };
        var store = new MemoryStore();

        var summary = await Run(api, store, Settings() with { UsersCursorThreshold = 500, UserPartitions = 4 }).WaitAsync(TimeSpan.FromSeconds(30));

        AssertComplete(data, store);
        Assert.True(overlapped, "the newest-user probe was asked only after the oldest-user probe was answered");
        Assert.Contains("partitions", summary.UsersPlan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Memberships_KeepTwiceTheParallelismInFlightSoGrantsFinishFirst()
    {
        // Pages of two rows: 39 memberships and 60 users are a few dozen pages each, enough to fill the pipelines.
        var data = FakeClerkData.Create(users: 60, organizations: 10);
        var api = new FakeClerkApi(data);
        var inFlight = new Dictionary<string, int>(StringComparer.Ordinal);
        var peak = new Dictionary<string, int>(StringComparer.Ordinal);
        var gate = new Lock();
        api.BeforeAnswer = async call =>
        {
            var kind = call.StartsWith("memberships offset=", StringComparison.Ordinal) || call.StartsWith("org-memberships ", StringComparison.Ordinal) ? "memberships"
                : call.StartsWith("users offset=", StringComparison.Ordinal) ? "users" : null;
            if (kind is null)
            {
                return;
            }

            lock (gate)
            {
                inFlight[kind] = inFlight.GetValueOrDefault(kind) + 1;
                peak[kind] = Math.Max(peak.GetValueOrDefault(kind), inFlight[kind]);
            }

            // Long enough for every request the pipeline allows to be in flight at once, even on a loaded machine.
            await Task.Delay(150);
            lock (gate)
            {
                inFlight[kind]--;
            }
        };
        var store = new MemoryStore();

        await Run(api, store, Settings(pageSize: 2) with { Parallelism = 3 }).WaitAsync(TimeSpan.FromSeconds(60));

        AssertComplete(data, store);
        Assert.Equal(6, peak["memberships"]);
        Assert.Equal(3, peak["users"]);
    }

    [Fact]
    public async Task Run_WindowTooSmallForBoth_SendsEveryMembershipInTheFirstWindowAndTheUsersAfter()
    {
        // Users answer quicker than memberships, so they would take the window's permits while memberships are on
        // the wire; the memberships' announced demand must keep enough of the first window for all of them. Until the
        // memberships know their demand (their first page, with the total, is in and the next is asked), the users'
        // pages hold their answers (and so their few permits): how many permits the users spend before the
        // memberships can announce anything depends on the machine's load, not on the gate.
        var data = FakeClerkData.Create(users: 80, organizations: 10);
        var membershipsStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var api = new FakeClerkApi(data)
        {
            BeforeAnswer = async call =>
            {
                if (call.StartsWith("memberships offset=", StringComparison.Ordinal))
                {
                    if (call != "memberships offset=0")
                    {
                        membershipsStarted.TrySetResult();
                    }

                    await Task.Delay(40);
                }
                else if (call.StartsWith("users offset=", StringComparison.Ordinal))
                {
                    await membershipsStarted.Task;
                    await Task.Delay(10);
                }
            },
        };
        var store = new MemoryStore();
        const int window = 40;
        var settings = Settings(pageSize: 2) with
        {
            Budget = new RateBudget(window, TimeSpan.FromSeconds(4)),
            MembershipStrategy = MembershipStrategy.Instance,
        };

        await Run(api, store, settings).WaitAsync(TimeSpan.FromSeconds(60));

        AssertComplete(data, store);
        var calls = api.Calls.ToList();
        var memberships = calls.Select((c, i) => (c, i)).Where(x => x.c.StartsWith("memberships offset=", StringComparison.Ordinal)).Select(x => x.i).ToList();
        var users = calls.Select((c, i) => (c, i)).Where(x => x.c.StartsWith("users offset=", StringComparison.Ordinal)).Select(x => x.i).ToList();
        Assert.True(memberships.Count > 10, $"only {memberships.Count} membership pages");
        Assert.True(memberships.Max() < window, $"a membership page was request {memberships.Max() + 1}, after the first window of {window}: {string.Join(", ", calls)}");
        Assert.True(users.Max() >= window, "the users fitted in the first window: the test does not compete for it");
    }

    [Fact]
    public async Task Run_OrganizationsAnswerLate_FetchesMembershipsMeanwhileAndMapsThemAfter()
    {
        // The organizations are held until the memberships' second page has been asked for: a walk that waits for
        // the organizations before its first request (or before issuing the pages its first one revealed) never gets
        // there, and the run times out. The grants must still check every role against its organization's role set.
        var data = FakeClerkData.Create(users: 60, organizations: 8);
        var followUpAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var api = new FakeClerkApi(data)
        {
            BeforeAnswer = async call =>
            {
                if (call.StartsWith("memberships offset=", StringComparison.Ordinal) && call != "memberships offset=0")
                {
                    followUpAsked.TrySetResult();
                }
                else if (call.StartsWith("organizations ", StringComparison.Ordinal))
                {
                    await followUpAsked.Task;
                }
            },
        };
        var store = new MemoryStore();

        var summary = await Run(api, store, Settings(pageSize: 5)).WaitAsync(TimeSpan.FromSeconds(30));

        AssertComplete(data, store);
        Assert.StartsWith("instance (instance ", summary.MembershipPlan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ServerIgnoresStartingAfter_FallsBackToOffsetsAndWarns()
    {
        var data = FakeClerkData.Create(users: 900, organizations: 3);
        var api = new FakeClerkApi(data) { IgnoreStartingAfter = true };
        var store = new MemoryStore();

        var summary = await Run(api, store, Settings() with { UsersCursorThreshold = 100, UserPartitions = 2 }).WaitAsync(TimeSpan.FromSeconds(30));

        AssertComplete(data, store);
        Assert.Contains(summary.Warnings, w => w.Contains("starting_after", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_TransientFaultInAPager_ReplacesItAndLosesNothing()
    {
        var data = FakeClerkData.Create(users: 1500, organizations: 10);
        var api = new FakeClerkApi(data);
        var failures = 0;
        api.BeforeAnswer = call => call == "users offset=700 after=" && Interlocked.Increment(ref failures) == 1
            ? throw new ClerkApiException(ClerkErrorKind.ServerError, "Clerk answered 503", 503)
            : Task.CompletedTask;
        var store = new MemoryStore();

        await Run(api, store, Settings()).WaitAsync(TimeSpan.FromSeconds(30));

        AssertComplete(data, store);
        Assert.Equal(2, api.Calls.Count(c => c == "users offset=700 after="));
        // A restart re-issues only pages not stored yet: at most those fetched but not committed are fetched twice,
        // i.e. the parallelism (4), the page in the buffer between the stages and the pages at the uploader
        // (StoresInFlight); a restart that re-fetched every page would make 15 more.
        var userPages = api.Calls.Count(c => c.StartsWith("users offset=", StringComparison.Ordinal));
        Assert.True(userPages <= 15 + 4 + 1 + PagerActor.StoresInFlight, $"{userPages} user page requests: {string.Join(", ", api.Calls)}");
    }

    [Fact]
    public async Task Run_TransientFaultsBeyondTheReplacementBudget_FailWithTheLastFault()
    {
        var data = FakeClerkData.Create(users: 500, organizations: 3);
        var api = new FakeClerkApi(data);
        var failures = 0;
        api.BeforeAnswer = call => call == "users offset=200 after="
            ? throw new ClerkApiException(ClerkErrorKind.ServerError, $"Clerk answered 503 ({Interlocked.Increment(ref failures)})", 503)
            : Task.CompletedTask;
        var store = new MemoryStore();

        var error = await Assert.ThrowsAsync<ClerkApiException>(
            () => Run(api, store, Settings() with { MaxPagerRestarts = 2 }).WaitAsync(TimeSpan.FromSeconds(30)));

        // The first pager and its two replacements each met the fault once; the third fault ends the run.
        Assert.Equal(3, api.Calls.Count(c => c == "users offset=200 after="));
        Assert.Equal("Clerk answered 503 (3)", error.Message);
        Assert.False(store.Completed);
    }

    [Fact]
    public async Task Run_StoreWriteFails_FailsWithTheStoresErrorAndPublishesNothing()
    {
        var data = FakeClerkData.Create(users: 300, organizations: 5);
        var api = new FakeClerkApi(data);
        var store = new MemoryStore { FailGrants = new IOException("disk full") };

        var error = await Assert.ThrowsAsync<IOException>(() => Run(api, store, Settings()).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal("disk full", error.Message);
        Assert.False(store.Completed);
        Assert.True(store.Disposed);
    }

    [Fact]
    public async Task Run_ServerIgnoresOffset_FailsClearlyInsteadOfLooping()
    {
        var data = FakeClerkData.Create(users: 50, organizations: 450);
        var api = new FakeClerkApi(data) { IgnoreOffset = true };
        var store = new MemoryStore();

        var error = await Assert.ThrowsAsync<BatonClerk.Engine.Sync.Pagers.PagingLoopException>(
            () => Run(api, store, Settings()).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Contains("ignores offset", error.Message, StringComparison.Ordinal);
        Assert.False(store.Completed);
        Assert.True(api.Calls.Count < 50, $"{api.Calls.Count} requests before giving up");
    }

    [Fact]
    public async Task Run_SecretKeyRejected_FailsQuicklyWithNoOutput()
    {
        var data = FakeClerkData.Create(users: 5000, organizations: 50);
        var api = new FakeClerkApi(data)
        {
            BeforeAnswer = _ => throw new ClerkApiException(ClerkErrorKind.Unauthorized, "the Clerk secret key was rejected", 401),
        };
        var store = new MemoryStore();

        var error = await Assert.ThrowsAsync<ClerkApiException>(() => Run(api, store, Settings()).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(ClerkErrorKind.Unauthorized, error.Kind);
        Assert.True(store.Disposed);
        Assert.False(store.Completed);
        Assert.True(api.Calls.Count <= 10, $"{api.Calls.Count} requests after a 401");
    }

    [Fact]
    public async Task Run_RateLimited_PausesRetriesAndCountsThe429()
    {
        var data = FakeClerkData.Create(users: 300, organizations: 4);
        var api = new FakeClerkApi(data);
        var limited = 0;
        api.BeforeAnswer = call => call.StartsWith("organizations", StringComparison.Ordinal) && Interlocked.Increment(ref limited) == 1
            ? throw new ClerkApiException(ClerkErrorKind.RateLimited, "Clerk answered 429", 429, retryAfter: TimeSpan.FromSeconds(1))
            : Task.CompletedTask;
        var store = new MemoryStore();

        var summary = await Run(api, store, Settings()).WaitAsync(TimeSpan.FromSeconds(30));

        AssertComplete(data, store);
        Assert.Equal(1, summary.RateLimited);
        Assert.True(summary.Duration >= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Run_SlowUploader_BoundsPagesInFlight()
    {
        var data = FakeClerkData.Create(users: 5000, organizations: 2);
        var api = new FakeClerkApi(data);
        using var release = new ManualResetEventSlim(false);
        var store = new MemoryStore { OnPut = () => release.Wait(TimeSpan.FromSeconds(20)) };

        var (result, _) = Start(api, store, Settings() with { ResourceTypes = new HashSet<string> { ResourceTypes.UserId } });
        await Task.Delay(1500);
        var fetchedWhileBlocked = api.Calls.Count;
        release.Set();
        await result.WaitAsync(TimeSpan.FromSeconds(30));

        // 50 pages exist; with the writer stuck, only the in-flight window (parallelism + stream buffers) is fetched.
        Assert.True(fetchedWhileBlocked <= 4 + 4 + 2, $"{fetchedWhileBlocked} pages fetched while the writer was blocked");
        Assert.Equal(5000, store.Resources.Count);
    }

    [Fact]
    public async Task Run_PerOrganizationStrategyForced_FetchesEachNonEmptyOrganization()
    {
        var data = FakeClerkData.Create(users: 400, organizations: 12);
        var api = new FakeClerkApi(data);
        var store = new MemoryStore();

        var summary = await Run(api, store, Settings() with { MembershipStrategy = MembershipStrategy.PerOrganization }).WaitAsync(TimeSpan.FromSeconds(30));

        AssertComplete(data, store);
        var nonEmpty = data.Organizations.Count(o => data.Memberships.Any(m => m.Organization!.Id == o.Id));
        Assert.Equal(nonEmpty, api.Calls.Count(c => c.StartsWith("org-memberships", StringComparison.Ordinal)));
        Assert.DoesNotContain(api.Calls, c => c.StartsWith("memberships", StringComparison.Ordinal));
        Assert.StartsWith("per-organization", summary.MembershipPlan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_OnlyRolesSelected_WritesNoUsersOrGrants()
    {
        var data = FakeClerkData.Create(users: 100, organizations: 3);
        var api = new FakeClerkApi(data);
        var store = new MemoryStore();

        await Run(api, store, Settings() with { ResourceTypes = new HashSet<string> { ResourceTypes.RoleId } }).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(data.Roles.Count, store.Resources.Count);
        Assert.Empty(store.Grants);
        Assert.DoesNotContain(api.Calls, c => c.StartsWith("users", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_KilledWhileMembershipsWaitForOrganizations_ResumesFromThePagesTheFirstPageRevealed()
    {
        // The organizations never answer, so no membership page is mapped or stored; the pages the first one revealed
        // were issued anyway, and must have been saved as planned, or a resumed run would not know them until that
        // first page is stored again (and could fetch a page it had stored).
        var data = FakeClerkData.Create(users: 300, organizations: 160);
        var hold = new TaskCompletionSource();
        var first = new FakeClerkApi(data)
        {
            BeforeAnswer = call => call.StartsWith("organizations ", StringComparison.Ordinal) ? hold.Task : Task.CompletedTask,
        };
        var killed = new MemoryStore();
        var followUps = Enumerable.Range(1, ((data.Memberships.Count + 99) / 100) - 1)
            .Select(page => $"{ResumeEntries.RequestPrefix}memberships|memberships:all:{page * 100}").ToList();
        var (_, supervisor) = Start(first, killed, Settings());
        await AwaitConditionAsync(() => Task.FromResult(followUps.All(new Dictionary<string, string>(killed.State).ContainsKey)), TimeSpan.FromSeconds(20));
        Sys.Stop(supervisor);
        await AwaitConditionAsync(() => Task.FromResult(killed.Disposed), TimeSpan.FromSeconds(10));
        Assert.Empty(killed.Grants);
        Assert.DoesNotContain(killed.State.Keys, k => k.StartsWith(ResumeEntries.StoredPrefix + "memberships|", StringComparison.Ordinal));

        var resumed = new MemoryStore { Resumed = true, State = new(killed.State) };
        foreach (var (key, value) in killed.Resources)
        {
            resumed.Resources[key] = value;
        }

        foreach (var (key, value) in killed.Entitlements)
        {
            resumed.Entitlements[key] = value;
        }

        var summary = await Run(new FakeClerkApi(data), resumed, Settings()).WaitAsync(TimeSpan.FromSeconds(30));

        AssertComplete(data, resumed);
        var pages = summary.Pages["memberships"];
        Assert.Equal((data.Memberships.Count + 99) / 100, pages.Planned);
        Assert.Equal(pages.Planned, pages.Stored);
        hold.TrySetResult();
    }

    [Fact]
    public async Task Run_ResumedWithEveryPagerButMembershipsFinished_StoresEveryGrantBeforeCompleting()
    {
        // A first run is stopped while memberships page: roles, permissions, users and organizations are finished,
        // some membership pages are stored, the rest never answer.
        var data = FakeClerkData.Create(users: 300, organizations: 160);
        var first = new FakeClerkApi(data);
        var hold = new TaskCompletionSource();
        first.BeforeAnswer = call => call.StartsWith("memberships offset=", StringComparison.Ordinal) && call != "memberships offset=0"
            ? hold.Task
            : Task.CompletedTask;
        var killed = new MemoryStore();
        var (_, supervisor) = Start(first, killed, Settings() with { MembershipStrategy = MembershipStrategy.Instance });
        await AwaitConditionAsync(() => Task.FromResult(ResumeSnapshot.From(new Dictionary<string, string>(killed.State)).Stored("memberships").Pages > 0), TimeSpan.FromSeconds(20));
        Sys.Stop(supervisor);
        await AwaitConditionAsync(() => Task.FromResult(killed.Disposed), TimeSpan.FromSeconds(10));
        Assert.False(killed.Completed);
        Assert.True(killed.Grants.Count < data.Memberships.Count, "the first run must stop before it has every grant");

        // The resumed run replays the four finished pagers' completions; it may only complete once memberships did.
        var resumed = new MemoryStore
        {
            Resumed = true,
            State = new(killed.State),
        };
        foreach (var (key, value) in killed.Resources)
        {
            resumed.Resources[key] = value;
        }

        foreach (var (key, value) in killed.Entitlements)
        {
            resumed.Entitlements[key] = value;
        }

        foreach (var (key, value) in killed.Grants)
        {
            resumed.Grants[key] = value;
        }

        var api = new FakeClerkApi(data);
        var summary = await Run(api, resumed, Settings() with { MembershipStrategy = MembershipStrategy.Instance }).WaitAsync(TimeSpan.FromSeconds(30));

        AssertComplete(data, resumed);
        Assert.DoesNotContain(api.Calls, c => c.StartsWith("users", StringComparison.Ordinal) || c.StartsWith("organizations", StringComparison.Ordinal));
        Assert.Contains(api.Calls, c => c.StartsWith("memberships", StringComparison.Ordinal));
        var pages = summary.Pages["memberships"];
        Assert.Equal(pages.Planned, pages.Stored);
        Assert.Equal((data.Memberships.Count + 99) / 100, pages.Planned);
        hold.TrySetResult();
    }

    [Fact]
    public async Task CancelSync_MidRun_FailsAsCancelledAndDiscardsTheStore()
    {
        var data = FakeClerkData.Create(users: 3000, organizations: 2);
        var api = new FakeClerkApi(data) { BeforeAnswer = _ => Task.Delay(50) };
        var store = new MemoryStore();
        var (result, supervisor) = Start(api, store, Settings());
        await Task.Delay(200);

        supervisor.Tell(CancelSync.Instance);

        await Assert.ThrowsAsync<OperationCanceledException>(() => result.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(store.Disposed);
        Assert.False(store.Completed);
    }
}
