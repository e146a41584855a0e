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
