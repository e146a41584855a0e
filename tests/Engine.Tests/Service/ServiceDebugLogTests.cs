using System.Text;
using System.Text.Json;
using BatonClerk.Engine.Tests.Service.Fakes;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace BatonClerk.Engine.Tests.Service;

/// <summary>A SyncFull task with <c>debug</c> set: its debug-level log is uploaded after the c1z, then removed.</summary>
public sealed class ServiceDebugLogTests
{
    [Fact]
    public async Task RunAsync_DebugTaskWithHostAtInfo_UploadsC1zThenDebugLogAndRemovesIt()
    {
        await using var harness = await ServiceHarness.StartServerAsync();
        var host = new RecordingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(host));
        var task = ServiceHarness.SyncFullTask();
        task.Debug = true;
        harness.State.Enqueue(task);
        var sawDebugLogDuringSync = false;
        var job = new DelegateSyncJob(async (path, ct) =>
        {
            sawDebugLogDuringSync = File.Exists(Path.Combine(harness.TempDirectory, "debug.log"));
            await DelegateSyncJob.WritingFile(10_000, _ => { }, TimeSpan.FromMilliseconds(200)).RunAsync(path, ct);
        });

        _ = harness.StartRunner(job, loggerFactory: factory);
        var finish = await harness.NextFinishAsync();

        Assert.NotNull(finish.Success);
        Assert.True(sawDebugLogDuringSync, "debug.log should exist in the temp directory while the task runs");
        var uploads = harness.State.Uploads.ToArray();
        Assert.Equal(2, uploads.Length);
        Assert.All(uploads, u => Assert.Equal(task.Id, u.TaskId));
        Assert.True(uploads[0].IsC1z, "the c1z comes first");
        Assert.False(uploads[1].IsC1z, "the debug log comes second");

        var lines = DebugLines(uploads[1]);
        Assert.All(lines, l => Assert.Equal(task.Id, l.GetProperty("task_id").GetString()));
        Assert.Contains(lines, l => l.GetProperty("level").GetString() == "debug" && Msg(l).Contains("Heartbeat for task", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.GetProperty("level").GetString() == "debug" && Msg(l).StartsWith("Uploading 10000 bytes", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.GetProperty("level").GetString() == "info" && Msg(l).StartsWith("Starting sync for task", StringComparison.Ordinal));

        // The host still logs at its own level: the debug records went only to the task's file.
        Assert.DoesNotContain(host.Lines, l => l.Level < LogLevel.Information);
        Assert.Contains(host.Lines, l => l.Text.StartsWith("Uploading the debug log", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(harness.TempDirectory));
        Assert.Empty(harness.State.Errors);
    }

    [Fact]
    public async Task RunAsync_TaskWithoutDebug_UploadsOnlyTheC1zAndWritesNoDebugLog()
    {
        await using var harness = await ServiceHarness.StartServerAsync();
        harness.State.Enqueue(ServiceHarness.SyncFullTask());
        var filesDuringSync = Array.Empty<string>();
        var job = new DelegateSyncJob(async (path, ct) =>
        {
            await DelegateSyncJob.WritingFile(10_000, _ => { }).RunAsync(path, ct);
            filesDuringSync = Directory.GetFiles(harness.TempDirectory);
        });

        _ = harness.StartRunner(job);
        var finish = await harness.NextFinishAsync();

        Assert.NotNull(finish.Success);
        Assert.True(Assert.Single(harness.State.Uploads).IsC1z);
        Assert.Equal(".c1z", Path.GetExtension(Assert.Single(filesDuringSync)));
        Assert.Empty(Directory.GetFiles(harness.TempDirectory));
    }

    [Fact]
    public async Task RunAsync_DebugLogUploadFails_FailsTheTaskWithTheUploadStatusAsTheSdk()
    {
        await using var harness = await ServiceHarness.StartServerAsync();
        harness.State.DropDebugLogUploads = true;
        var task = ServiceHarness.SyncFullTask();
        task.Debug = true;
        harness.State.Enqueue(task);

        _ = harness.StartRunner(DelegateSyncJob.WritingFile(10_000, _ => { }));
        var finish = await harness.NextFinishAsync();

        Assert.Null(finish.Success);
        Assert.Equal((int)StatusCode.Unavailable, finish.Status.Code);
        Assert.True(Assert.Single(harness.State.Uploads).IsC1z, "the c1z was uploaded before the debug log failed");
        Assert.Equal(1 + 3, harness.State.UploadStreams); // the c1z, then three attempts at the debug log
        Assert.Empty(Directory.GetFiles(harness.TempDirectory));
    }

    [Fact]
    public async Task RunAsync_SyncFailsOnDebugTask_UploadsNothingAndRemovesTheDebugLog()
    {
        await using var harness = await ServiceHarness.StartServerAsync();
        var task = ServiceHarness.SyncFullTask();
        task.Debug = true;
        harness.State.Enqueue(task);

        _ = harness.StartRunner(new DelegateSyncJob((_, _) => throw new InvalidOperationException("clerk exploded")));
        var finish = await harness.NextFinishAsync();

        Assert.Equal((int)StatusCode.Unknown, finish.Status.Code);
        Assert.Empty(harness.State.Uploads);
        Assert.Empty(Directory.GetFiles(harness.TempDirectory));
    }

    [Fact]
    public async Task RunAsync_TwoDebugTasksAtOnce_EachDebugLogHoldsOnlyItsOwnTask()
    {
        await using var harness = await ServiceHarness.StartServerAsync();
        var first = ServiceHarness.SyncFullTask();
        var second = ServiceHarness.SyncFullTask();
        first.Debug = second.Debug = true;
        harness.State.Enqueue(first);
        harness.State.Enqueue(second);
        var running = 0;
        var bothRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var job = new DelegateSyncJob(async (path, ct) =>
        {
            if (Interlocked.Increment(ref running) == 2)
            {
                bothRan.SetResult();
            }

            // Both syncs overlap, so both tasks' records are written at the same time.
            await bothRan.Task.WaitAsync(ct);
            await DelegateSyncJob.WritingFile(10_000, _ => { }, TimeSpan.FromMilliseconds(200)).RunAsync(path, ct);
        });

        _ = harness.StartRunner(job);
        Assert.NotNull((await harness.NextFinishAsync()).Success);
        Assert.NotNull((await harness.NextFinishAsync()).Success);

        foreach (var task in new[] { first, second })
        {
            var uploads = harness.State.Uploads.Where(u => u.TaskId == task.Id).ToArray();
            Assert.Equal(2, uploads.Length);
            Assert.True(uploads[0].IsC1z);
            var lines = DebugLines(uploads[1]);
            Assert.Contains(lines, l => Msg(l).Contains("Heartbeat for task " + task.Id, StringComparison.Ordinal));
            Assert.All(lines, l => Assert.Equal(task.Id, l.GetProperty("task_id").GetString()));
            Assert.DoesNotContain(lines, l => Msg(l).Contains((task == first ? second : first).Id, StringComparison.Ordinal));
        }

        Assert.Empty(Directory.GetFiles(harness.TempDirectory));
    }

    internal static List<JsonElement> DebugLines(FakeUpload upload)
    {
        var text = Encoding.UTF8.GetString(upload.Content);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }

    internal static string Msg(JsonElement line) => line.GetProperty("msg").GetString()!;
}
