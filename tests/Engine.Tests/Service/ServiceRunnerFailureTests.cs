using C1Task = BatonClerk.Engine.Baton.ServiceV1.Task;
using HeartbeatReply = BatonClerk.Engine.Baton.ServiceV1.BatonServiceHeartbeatResponse;
using BatonClerk.Engine.Service;
using BatonClerk.Engine.Tests.Service.Fakes;
using Grpc.Core;

namespace BatonClerk.Engine.Tests.Service;

public sealed class ServiceRunnerFailureTests
{
    [Fact]
    public async Task RunAsync_HeartbeatsKeepFailing_CancelsTaskAfterNineFailures()
    {
        await using var harness = await ServiceHarness.StartServerAsync();
        harness.State.HeartbeatBehavior = n => n == 1
            ? new HeartbeatReply { NextHeartbeat = harness.State.NextHeartbeat }
            : throw new RpcException(new Status(StatusCode.Unavailable, "heartbeat store down"));
        harness.State.Enqueue(ServiceHarness.SyncFullTask());
        var syncCancelled = false;

        _ = harness.StartRunner(new DelegateSyncJob(async (_, ct) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            finally
            {
                syncCancelled = ct.IsCancellationRequested;
            }
        }));
        var finish = await harness.NextFinishAsync();

        Assert.NotNull(finish.Error);
        Assert.Equal((int)StatusCode.Cancelled, finish.Status.Code);
        Assert.Contains("heartbeat", finish.Status.Message, StringComparison.OrdinalIgnoreCase);
        Assert.True(syncCancelled);
        Assert.Equal(1 + 9, harness.State.Heartbeats);
        Assert.Empty(harness.State.Uploads);
    }

    [Fact]
    public async Task RunAsync_HeartbeatReportsCancelled_AbortsSyncWithCancelledError()
    {
        await using var harness = await ServiceHarness.StartServerAsync();
        harness.State.HeartbeatBehavior = n => new HeartbeatReply { NextHeartbeat = harness.State.NextHeartbeat, Cancelled = n >= 2 };
        harness.State.Enqueue(ServiceHarness.SyncFullTask());

        _ = harness.StartRunner(new DelegateSyncJob((_, ct) => Task.Delay(Timeout.Infinite, ct)));
        var finish = await harness.NextFinishAsync();

        Assert.NotNull(finish.Error);
        Assert.Equal((int)StatusCode.Cancelled, finish.Status.Code);
        Assert.Empty(harness.State.Uploads);
    }

    [Fact]
    public async Task RunAsync_TokenEndpointRejectsCredential_StopsWithClearFatalError()
    {
        await using var harness = await ServiceHarness.StartServerAsync();
        harness.State.RejectTokens = true;

        var run = harness.StartRunner(new DelegateSyncJob((_, _) => Task.CompletedTask));
        var error = await Assert.ThrowsAsync<ServiceFatalException>(() => run.WaitAsync(TimeSpan.FromSeconds(15)));

        Assert.Contains("Unauthenticated", error.Message, StringComparison.Ordinal);
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.Contains("BATON_CLIENT_SECRET", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Server.Credentials.Secret[TestCredentials.SecretPrefix.Length..], error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.State.Hellos);
    }

    [Fact]
    public async Task RunAsync_CancelledMidSync_StopsWithoutReportingSuccess()
    {
        await using var harness = await ServiceHarness.StartServerAsync();
        harness.State.Enqueue(ServiceHarness.SyncFullTask());
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        _ = harness.StartRunner(new DelegateSyncJob(async (path, ct) =>
        {
            await File.WriteAllTextAsync(path, "C1Z3\0partial", ct);
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
        }));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await harness.StopRunnerAsync();

        Assert.True(harness.Run!.IsCompletedSuccessfully);
        Assert.Empty(harness.State.Uploads);
        while (harness.State.Finished.Reader.TryRead(out var finish))
        {
            Assert.Null(finish.Success);
            Assert.Equal((int)StatusCode.Cancelled, finish.Status.Code);
        }

        Assert.Empty(Directory.GetFiles(harness.TempDirectory));
    }

    [Fact]
    public async Task RunAsync_NonSyncTasks_AnswersHelloAndRefusesProvisioningAndTickets()
    {
        await using var harness = await ServiceHarness.StartServerAsync();
        var hello = new C1Task { Id = NewId(), Hello = new() };
        var grant = new C1Task { Id = NewId(), Grant = new() };
        var ticket = new C1Task { Id = NewId(), GetTicket = new() };
        harness.State.Enqueue(hello);
        harness.State.Enqueue(grant);
        harness.State.Enqueue(ticket);

        _ = harness.StartRunner(new DelegateSyncJob((_, _) => Task.CompletedTask));
        var finishes = new[] { await harness.NextFinishAsync(), await harness.NextFinishAsync() }.ToDictionary(f => f.TaskId);

        // Task slots run them side by side, so they may finish in any order.
        Assert.Equal((int)StatusCode.FailedPrecondition, finishes[grant.Id].Status.Code);
        Assert.True(finishes[grant.Id].Error.NonRetryable);
        Assert.Equal((int)StatusCode.Unknown, finishes[ticket.Id].Status.Code);
        Assert.False(finishes[ticket.Id].Error.NonRetryable);
        await ServiceHarness.WaitUntilAsync(() => harness.State.Hellos.Any(h => h.TaskId == hello.Id));
        Assert.Contains(harness.State.Hellos, h => h.TaskId == hello.Id);
    }

    private static string NewId() => BatonClerk.Engine.Baton.Ksuid.New(TimeProvider.System);
}
