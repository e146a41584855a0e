using System.Security.Cryptography;
using BatonClerk.Engine.Tests.Service.Fakes;
using Grpc.Core;

namespace BatonClerk.Engine.Tests.Service;

public sealed class ServiceRunnerSyncTests
{
    [Fact]
    public async Task RunAsync_SyncFullTask_UploadsC1zAndReportsSuccess()
    {
        await using var harness = await ServiceHarness.StartServerAsync();
        var task = ServiceHarness.SyncFullTask();
        harness.State.Enqueue(task);
        byte[]? written = null;
        string? syncPath = null;
        var job = new DelegateSyncJob(async (path, ct) =>
        {
            syncPath = path;
            await DelegateSyncJob.WritingFile(1_200_000, b => written = b).RunAsync(path, ct);
        });

        _ = harness.StartRunner(job);
        var finish = await harness.NextFinishAsync();

        Assert.Equal(task.Id, finish.TaskId);
        Assert.NotNull(finish.Success);
        Assert.Null(finish.Status);
        var upload = Assert.Single(harness.State.Uploads);
        Assert.Equal(task.Id, upload.TaskId);
        Assert.Equal(SHA256.HashData(written!), SHA256.HashData(upload.Content));
        Assert.Equal([524288, 524288, 1_200_000 - (2 * 524288)], upload.ChunkSizes);
        Assert.Equal(string.Empty, Assert.Single(harness.State.Hellos).TaskId);
        Assert.Equal("test-host", finish.HostId);
        Assert.True(harness.State.Heartbeats >= 1);
        Assert.False(File.Exists(syncPath), "the temporary c1z should be deleted");
        Assert.Empty(harness.State.Errors);
    }

    [Fact]
    public async Task RunAsync_SyncJobThrows_FinishesWithUnknownError()
    {
        await using var harness = await ServiceHarness.StartServerAsync();
        harness.State.Enqueue(ServiceHarness.SyncFullTask());

        _ = harness.StartRunner(new DelegateSyncJob((_, _) => throw new InvalidOperationException("clerk exploded")));
        var finish = await harness.NextFinishAsync();

        Assert.NotNull(finish.Error);
        Assert.Equal((int)StatusCode.Unknown, finish.Status.Code);
        Assert.Equal("clerk exploded", finish.Status.Message);
        Assert.Empty(harness.State.Uploads);
    }

    [Fact]
    public async Task RunAsync_UploadStreamDropped_RetriesWholeFileAndSucceeds()
    {
        await using var harness = await ServiceHarness.StartServerAsync();
        harness.State.UploadStreamsToDrop = 1;
        harness.State.Enqueue(ServiceHarness.SyncFullTask());
        byte[]? written = null;

        _ = harness.StartRunner(DelegateSyncJob.WritingFile(700_000, b => written = b));
        var finish = await harness.NextFinishAsync();

        Assert.NotNull(finish.Success);
        Assert.Equal(2, harness.State.UploadStreams);
        var upload = Assert.Single(harness.State.Uploads);
        Assert.Equal(SHA256.HashData(written!), SHA256.HashData(upload.Content));
    }

    [Fact]
    public async Task RunAsync_EveryUploadAttemptDropped_ReportsErrorNotSuccess()
    {
        await using var harness = await ServiceHarness.StartServerAsync();
        harness.State.UploadStreamsToDrop = int.MaxValue;
        harness.State.Enqueue(ServiceHarness.SyncFullTask());

        _ = harness.StartRunner(DelegateSyncJob.WritingFile(10_000, _ => { }));
        var finish = await harness.NextFinishAsync();

        Assert.NotNull(finish.Error);
        Assert.Equal(3, harness.State.UploadStreams);
        Assert.Empty(harness.State.Uploads);
    }

    [Fact]
    public async Task RunAsync_ShortLivedToken_RefreshesAndKeepsCallsAuthorized()
    {
        await using var harness = await ServiceHarness.StartServerAsync();

        // Cached for expires_in - 10 s = 1 s, so the 1.5 s sync forces at least one refresh.
        harness.State.TokenExpiresIn = 11;
        harness.State.Enqueue(ServiceHarness.SyncFullTask());

        _ = harness.StartRunner(DelegateSyncJob.WritingFile(1000, _ => { }, TimeSpan.FromMilliseconds(1500)));
        var finish = await harness.NextFinishAsync();

        Assert.NotNull(finish.Success);
        Assert.True(harness.State.TokenRequests >= 2, $"expected a refresh, saw {harness.State.TokenRequests} token requests");
        Assert.Empty(harness.State.Errors);
    }
}
