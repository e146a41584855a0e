using Akka.Actor;
using Akka.TestKit.Xunit2;
using BatonClerk.Engine.Sync.Pagers;
using BatonClerk.Engine.Sync.Uploader;
using BatonClerk.Engine.Tests.Support;

namespace BatonClerk.Engine.Tests.Sync.Uploader;

public sealed class C1UploaderSpecs() : TestKit("akka.loglevel = WARNING")
{
    private static OffsetPage Page(long offset) => new("memberships", "all", offset, 300);

    private IActorRef Uploader(MemoryStore store) =>
        Sys.ActorOf(C1Uploader.Props(store).WithDispatcher(Akka.Dispatch.Dispatchers.DefaultDispatcherId));

    private void Store(IActorRef uploader, OffsetPage page)
    {
        uploader.Tell(new StorePage("memberships", page.Key, [], [], [], 0));
        ExpectMsg<PageStored>();
    }

    // The store's first idle step says it is running, then holds the uploader until released.
    private static void HoldFirstStep(MemoryStore store, ManualResetEventSlim inFirstStep, ManualResetEventSlim release) =>
        store.OnIdle = () =>
        {
            if (store.IdleCalls.Count == 1)
            {
                inFirstStep.Set();
                release.Wait(TimeSpan.FromSeconds(10));
            }
        };

    private static StorePage UserPage(string id) =>
        new("users", $"users:{id}", [BatonClerk.Engine.Tests.C1z.SampleData.User(id)], [], [], 1);

    [Fact]
    public void UseIdleTime_PagesArriveDuringAStep_AreStoredBeforeTheNextStep()
    {
        using var inFirstStep = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var store = new MemoryStore { IdleSteps = 3 };
        HoldFirstStep(store, inFirstStep, release);
        var uploader = Uploader(store);

        uploader.Tell(UseIdleTime.Instance);
        Assert.True(inFirstStep.Wait(TimeSpan.FromSeconds(10)));
        uploader.Tell(UserPage("user_1"));
        uploader.Tell(UserPage("user_2"));
        release.Set();

        ExpectMsg<PageStored>();
        ExpectMsg<PageStored>();
        AwaitCondition(() => store.IdleCalls.Count == 3);
        // The two pages that came during the first step went before the second one; the steps go on after them.
        Assert.Equal([0, 2, 2], store.IdleCalls.Select(c => c.PutsBefore));
        Assert.All(store.IdleCalls, c => Assert.False(c.AfterCompletion));
    }

    [Fact]
    public void UseIdleTime_CompletionArrivesWithStepsLeft_TakesNoStepAfterIt()
    {
        using var inFirstStep = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var store = new MemoryStore { IdleSteps = 5 };
        HoldFirstStep(store, inFirstStep, release);
        var uploader = Uploader(store);

        uploader.Tell(UseIdleTime.Instance);
        Assert.True(inFirstStep.Wait(TimeSpan.FromSeconds(10)));
        uploader.Tell(new CompleteStore([]));
        release.Set();

        ExpectMsg<StoreCompleted>();
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        // Completion builds what the steps had left; none ran on a completed store.
        Assert.Single(store.IdleCalls);
        Assert.True(store.Completed);
    }

    [Fact]
    public void StorePage_DuringAnIdleStep_IsAnsweredAtOnceAndStoredInOrderAfterTheStep()
    {
        using var inFirstStep = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var store = new MemoryStore { IdleSteps = 1 };
        HoldFirstStep(store, inFirstStep, release);
        var uploader = Uploader(store);

        uploader.Tell(UseIdleTime.Instance);
        Assert.True(inFirstStep.Wait(TimeSpan.FromSeconds(10)));
        uploader.Tell(UserPage("user_1"));
        uploader.Tell(new SaveState([new("marker", "after user_1")]));
        uploader.Tell(UserPage("user_2"));

        // Both receipts come while the step still has the store, and nothing touched it meanwhile.
        ExpectMsg<PageStored>(m => m.Key == "users:user_1");
        ExpectMsg<PageStored>(m => m.Key == "users:user_2");
        Assert.Equal(0, Volatile.Read(ref store.Puts));
        Assert.False(store.State.ContainsKey("marker"));

        release.Set();
        AwaitCondition(() => store.Resources.Count == 2);
        Assert.Equal(["user_1", "user_2"], store.Resources.Values.Select(r => r.Id.Resource).Order());
        Assert.Equal("after user_1", store.State["marker"]);
    }

    [Fact]
    public void StorePage_EncodedRowsHeldThroughARealIndexBuild_LandInThePublishedFileAndTheSpoolLeavesNothing()
    {
        using var dir = new BatonClerk.Engine.Tests.C1z.TempDir();
        var target = dir.File("sync.c1z");
        var writer = BatonClerk.Engine.C1z.C1zWriter.Create(target, new BatonClerk.Engine.C1z.C1zWriterOptions { ResumeFingerprint = "key" });
        var store = new GatedIdleStore(new BatonClerk.Engine.Sync.Store.C1zSyncStore(writer));
        var uploader = Sys.ActorOf(C1Uploader.Props(store).WithDispatcher(Akka.Dispatch.Dispatchers.DefaultDispatcherId));
        var sample = BatonClerk.Engine.Tests.C1z.SampleData.Grant;
        uploader.Tell(new StorePage("memberships", "memberships:0", [], [], [], 2)
        {
            Rows = BatonClerk.Engine.C1z.C1zRows.Encode([], [], [sample("org_1", "user_1"), sample("org_1", "user_2")]),
        });
        ExpectMsg<PageStored>();

        uploader.Tell(UseIdleTime.Instance);
        Assert.True(store.InFirstStep.Wait(TimeSpan.FromSeconds(10)));
        for (var i = 1; i <= 3; i++)
        {
            uploader.Tell(new StorePage("users", $"users:{i}", [], [], [], 1)
            {
                Rows = BatonClerk.Engine.C1z.C1zRows.Encode([BatonClerk.Engine.Tests.C1z.SampleData.User($"user_{i}")], [], []),
            });
            ExpectMsg<PageStored>();
        }

        uploader.Tell(new StorePage("memberships", "memberships:1", [], [], [], 1)
        {
            Rows = BatonClerk.Engine.C1z.C1zRows.Encode([], [], [sample("org_2", "user_3")]),
        });
        ExpectMsg<PageStored>();
        uploader.Tell(new CompleteStore([]));
        // Only the working file (and its journal) sits beside the target while the step holds the pages.
        Assert.DoesNotContain(Directory.GetFiles(dir.Path), f => f.EndsWith(".spool", StringComparison.Ordinal));
        store.Release.Set();

        ExpectMsg<StoreCompleted>(TimeSpan.FromSeconds(30));
        Assert.Equal([target], Directory.GetFiles(dir.Path));
        using var reader = BatonClerk.Engine.C1z.C1zReader.Open(target, dir.Path);
        Assert.Equal(["user_1", "user_2", "user_3"], reader.Resources().Select(r => r.Id.Resource).Order());
        Assert.Equal(["org_1:user_1", "org_1:user_2", "org_2:user_3"],
            reader.Grants().Select(g => $"{g.Entitlement.Resource.Id.Resource}:{g.Principal.Id.Resource}").Order());
    }

    [Fact]
    public void StorePage_HeldPageFailsToStore_FailsTheSyncAndStoresNothingHeldAfterIt()
    {
        using var inFirstStep = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var store = new MemoryStore { IdleSteps = 1, FailGrants = new IOException("disk full") };
        HoldFirstStep(store, inFirstStep, release);
        // The test actor is the uploader's parent: failures nobody waits on go there.
        var uploader = ChildActorOf(C1Uploader.Props(store).WithDispatcher(Akka.Dispatch.Dispatchers.DefaultDispatcherId));

        uploader.Tell(UseIdleTime.Instance);
        Assert.True(inFirstStep.Wait(TimeSpan.FromSeconds(10)));
        uploader.Tell(new StorePage("memberships", "memberships:0", [], [], [BatonClerk.Engine.Tests.C1z.SampleData.Grant("org_1", "user_1")], 1));
        uploader.Tell(UserPage("user_2"));
        uploader.Tell(new SaveState([new("marker", "after user_2")]));
        ExpectMsg<PageStored>(m => m.Key == "memberships:0");
        ExpectMsg<PageStored>(m => m.Key == "users:user_2");

        release.Set();
        Assert.Equal("disk full", ExpectMsg<Status.Failure>().Cause.Message);
        // The user page came after the failed one: storing it (and its resume entries) could let a resumed run skip it.
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Empty(store.Resources);
        Assert.False(store.State.ContainsKey("marker"));

        uploader.Tell(UserPage("user_3"));
        Assert.Equal("disk full", ExpectMsg<Status.Failure>().Cause.Message);
        uploader.Tell(new CompleteStore([]));
        Assert.Equal("disk full", ExpectMsg<Status.Failure>().Cause.Message);
        Assert.False(store.Completed);
    }

    [Fact]
    public void StorePage_SpoolCannotTakeItDuringAStep_FailsTheSyncAndRefusesTheRest()
    {
        using var inFirstStep = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        // A spool directory that does not exist stands in for a full or broken disk.
        var store = new MemoryStore { IdleSteps = 1, SpoolDirectory = Path.Combine(Path.GetTempPath(), "missing-" + Guid.NewGuid().ToString("N")) };
        HoldFirstStep(store, inFirstStep, release);
        var uploader = ChildActorOf(C1Uploader.Props(store).WithDispatcher(Akka.Dispatch.Dispatchers.DefaultDispatcherId));

        uploader.Tell(UseIdleTime.Instance);
        Assert.True(inFirstStep.Wait(TimeSpan.FromSeconds(10)));
        var rows = BatonClerk.Engine.C1z.C1zRows.Encode([BatonClerk.Engine.Tests.C1z.SampleData.User("user_1")], [], []);
        uploader.Tell(new StorePage("users", "users:user_1", [], [], [], 1) { Rows = rows });

        // Both the parent and the asker hear it; the rows went back to their pool and nothing is stored after it.
        var failures = new[] { ExpectMsg<Status.Failure>(), ExpectMsg<Status.Failure>() };
        Assert.All(failures, f => Assert.IsType<DirectoryNotFoundException>(f.Cause));
        Assert.Throws<ObjectDisposedException>(() => rows.TryGet(0, out _));
        uploader.Tell(UserPage("user_2"));
        Assert.IsType<DirectoryNotFoundException>(ExpectMsg<Status.Failure>().Cause);
        release.Set();
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Empty(store.Resources);
    }

    [Fact]
    public void UseIdleTime_StepFails_FailsTheSyncWithItsOwnErrorAndStoresNothingHeld()
    {
        using var inStep = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var store = new MemoryStore { IdleSteps = 3 };
        store.OnIdle = () =>
        {
            inStep.Set();
            release.Wait(TimeSpan.FromSeconds(10));
            throw new IOException("index build failed");
        };
        var uploader = ChildActorOf(C1Uploader.Props(store).WithDispatcher(Akka.Dispatch.Dispatchers.DefaultDispatcherId));

        uploader.Tell(UseIdleTime.Instance);
        Assert.True(inStep.Wait(TimeSpan.FromSeconds(10)));
        uploader.Tell(UserPage("user_1"));
        ExpectMsg<PageStored>();
        release.Set();

        // The parent hears the store's own error (not a task's wrapper), and no step follows a failed one.
        Assert.Equal("index build failed", ExpectMsg<Status.Failure>().Cause.Message);
        uploader.Tell(UseIdleTime.Instance);
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Single(store.IdleCalls);
        Assert.Empty(store.Resources);
    }

    [Fact]
    public void PostStop_DuringAnIdleStep_InterruptsItAndDisposesTheStoreOnlyAfterIt()
    {
        using var inStep = new ManualResetEventSlim();
        var store = new MemoryStore { IdleSteps = 1 };
        store.OnIdle = () =>
        {
            inStep.Set();
            // A build that stops only when interrupted, as SQLite's does.
            store.Interrupted.Wait(TimeSpan.FromSeconds(10));
        };
        var uploader = Uploader(store);
        uploader.Tell(UseIdleTime.Instance);
        Assert.True(inStep.Wait(TimeSpan.FromSeconds(10)));
        uploader.Tell(UserPage("user_1"));
        ExpectMsg<PageStored>();

        Watch(uploader);
        Sys.Stop(uploader);
        ExpectTerminated(uploader);

        Assert.True(store.Interrupted.IsSet);
        Assert.True(store.Disposed);
        Assert.False(store.DisposedDuringAStep);
        Assert.Empty(store.Resources);
    }

    [Fact]
    public void CompleteStore_PlannedPageNotStored_RefusesAndPublishesNothing()
    {
        var store = new MemoryStore();
        var uploader = Uploader(store);
        uploader.Tell(new SaveState([.. ResumeEntries.Issued("memberships", [Page(0), Page(100), Page(200)])]));
        Store(uploader, Page(0));
        Store(uploader, Page(200));
        // The pager claims it finished although one of its pages never arrived.
        uploader.Tell(new SaveState([ResumeEntries.Complete("memberships")]));

        uploader.Tell(new CompleteStore(["memberships"]));

        var failure = ExpectMsg<Status.Failure>();
        var error = Assert.IsType<IncompleteSyncException>(failure.Cause);
        Assert.Equal("refusing to publish an incomplete sync: memberships stored 2 of 3 planned pages", error.Message);
        Assert.False(store.Completed);
    }

    [Fact]
    public void CompleteStore_RequiredPagerNeverFinished_RefusesNamingIt()
    {
        var store = new MemoryStore();
        var uploader = Uploader(store);
        uploader.Tell(new SaveState([.. ResumeEntries.Issued("memberships", [Page(0)])]));
        Store(uploader, Page(0));

        uploader.Tell(new CompleteStore(["memberships", "users"]));

        var error = Assert.IsType<IncompleteSyncException>(ExpectMsg<Status.Failure>().Cause);
        Assert.Contains("memberships never finished (1 of 1 planned pages stored)", error.Message, StringComparison.Ordinal);
        Assert.Contains("users never finished (0 of 0 planned pages stored)", error.Message, StringComparison.Ordinal);
        Assert.False(store.Completed);
    }

    [Fact]
    public void CompleteStore_FollowUpRevealedByAStoredPage_MustBeStoredToo()
    {
        var store = new MemoryStore();
        var uploader = Uploader(store);
        uploader.Tell(new SaveState([.. ResumeEntries.Issued("memberships", [Page(0)])]));
        uploader.Tell(new StorePage("memberships", Page(0).Key, [], [], [], 0) { FollowUps = [Page(100)] });
        ExpectMsg<PageStored>();
        uploader.Tell(new SaveState([ResumeEntries.Complete("memberships")]));

        uploader.Tell(new CompleteStore(["memberships"]));
        Assert.IsType<IncompleteSyncException>(ExpectMsg<Status.Failure>().Cause);

        Store(uploader, Page(100));
        uploader.Tell(new CompleteStore(["memberships"]));
        var completed = ExpectMsg<StoreCompleted>();
        Assert.Equal(new PageCount(2, 2), completed.Pages["memberships"]);
        Assert.True(store.Completed);
    }

    [Fact]
    public void CompleteStore_ResumedStore_ProvesCompletenessFromTheSavedLedger()
    {
        var saved = new MemoryStore();
        saved.SaveState([.. ResumeEntries.Issued("memberships", [Page(0), Page(100)])]);
        saved.SaveState([.. ResumeEntries.ForStoredPage(new StorePage("memberships", Page(0).Key, [], [], [], 0))]);
        var store = new MemoryStore { Resumed = true, State = new(saved.State) };
        var uploader = Uploader(store);
        uploader.Tell(new SaveState([ResumeEntries.Complete("memberships")]));

        uploader.Tell(new CompleteStore(["memberships"]));
        Assert.Contains("stored 1 of 2", ExpectMsg<Status.Failure>().Cause.Message, StringComparison.Ordinal);

        Store(uploader, Page(100));
        uploader.Tell(new CompleteStore(["memberships"]));
        ExpectMsg<StoreCompleted>();
        Assert.True(store.Completed);
    }
}
