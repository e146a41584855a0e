using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.Tests.Service.Fakes;
using Grpc.Core;
using C1Task = BatonClerk.Engine.Baton.ServiceV1.Task;
using FinishRequest = BatonClerk.Engine.Baton.ServiceV1.BatonServiceFinishTaskRequest;

namespace BatonClerk.Engine.Tests.Service;

/// <summary>Each task type gets the FinishTask a read-only Baton SDK connector sends.</summary>
public sealed class TaskDispatcherTests
{
    [Fact]
    public async Task DispatchAsync_EveryNonSyncTaskType_FinishesAsTheSdk()
    {
        await using var harness = await ServiceHarness.StartServerAsync();
        var listEvents = Task(t => t.ListEvents = new());
        var provisioning = new[]
        {
            Task(t => t.Grant = new()), Task(t => t.Revoke = new()), Task(t => t.CreateAccount = new()),
            Task(t => t.CreateResource = new()), Task(t => t.DeleteResource = new()), Task(t => t.RotateCredentials = new()),
            Task(t => t.IssueCredential = new()),
        };
        var tickets = new[]
        {
            Task(t => t.CreateTicketTask = new()), Task(t => t.ListTicketSchemas = new()), Task(t => t.GetTicket = new()),
            Task(t => t.BulkCreateTickets = new()), Task(t => t.BulkGetTickets = new()),
        };
        var actions = new[] { Task(t => t.ActionGetSchema = new()), Task(t => t.ActionInvoke = new()), Task(t => t.ActionStatus = new()) };
        var unsupported = new[] { Task(t => t.EventFeed = new()), Task(t => t.CreateSyncDiff = new()), Task(t => t.CompactSyncs = new()) };
        var listSchemas = Task(t => t.ActionListSchemas = new());
        var listFeeds = Task(t => t.ListEventFeeds = new());
        C1Task[] finishing = [.. provisioning, .. tickets, .. actions, .. unsupported, listSchemas, listFeeds];
        harness.State.Enqueue(listEvents);
        foreach (var task in finishing)
        {
            harness.State.Enqueue(task);
        }

        _ = harness.StartRunner(new DelegateSyncJob((_, _) => System.Threading.Tasks.Task.CompletedTask));
        var finishes = new Dictionary<string, FinishRequest>();
        while (finishes.Count < finishing.Length)
        {
            var finish = await harness.NextFinishAsync();
            Assert.True(finishes.TryAdd(finish.TaskId, finish), $"task {finish.TaskId} finished twice");
        }

        Assert.All(provisioning, t => AssertError(finishes[t.Id], StatusCode.FailedPrecondition, nonRetryable: true));
        Assert.All(tickets, t => AssertError(finishes[t.Id], StatusCode.Unknown, nonRetryable: false));
        Assert.All(actions, t => AssertError(finishes[t.Id], StatusCode.NotFound, nonRetryable: false));
        Assert.All(unsupported, t => AssertError(finishes[t.Id], StatusCode.Unknown, nonRetryable: false));
        Assert.All(unsupported, t => Assert.Equal("unsupported task type", finishes[t.Id].Status.Message));
        Assert.Empty(finishes[listSchemas.Id].Success.Response.Unpack<ListActionSchemasResponse>().Annotations);
        Assert.Null(finishes[listSchemas.Id].Status);
        Assert.Equal("type.googleapis.com/c1.connector.v2.ListEventFeedsResponse", finishes[listFeeds.Id].Success.Response.TypeUrl);
        Assert.Empty(finishes[listFeeds.Id].Success.Response.Value);

        // list_events was claimed first and never finished: the SDK's handler returns its NotFound without FinishTask.
        Assert.Empty(harness.State.Tasks);
        Assert.False(harness.State.FinishedTaskIds.ContainsKey(listEvents.Id));
        Assert.Empty(harness.State.Errors);
    }

    private static void AssertError(FinishRequest finish, StatusCode code, bool nonRetryable)
    {
        Assert.Null(finish.Success);
        Assert.Equal((int)code, finish.Status.Code);
        Assert.Equal(nonRetryable, finish.Error.NonRetryable);
    }

    private static C1Task Task(Action<C1Task> set)
    {
        var task = new C1Task { Id = BatonClerk.Engine.Baton.Ksuid.New(TimeProvider.System) };
        set(task);
        return task;
    }
}
