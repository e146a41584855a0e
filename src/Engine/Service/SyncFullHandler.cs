using Grpc.Core;
using Microsoft.Extensions.Logging;
using C1Task = BatonClerk.Engine.Baton.ServiceV1.Task;

namespace BatonClerk.Engine.Service;

/// <summary>
/// Runs a SyncFull task: first heartbeat, sync into a temp c1z while heartbeating, upload, FinishTask.
/// Success is reported only after a complete upload on a task that was not cancelled, and FinishTask
/// is sent only after the heartbeats have stopped and the temporary c1z is deleted. A task with <c>debug</c> set
/// also records its debug-level log and, after the c1z, uploads it as a second asset (see <see cref="TaskDebugLog"/>).
/// </summary>
internal sealed class SyncFullHandler(
    C1ServiceClient client,
    IServiceSyncJob job,
    AssetUploader uploader,
    TaskFinisher finisher,
    ServiceOptions options,
    DebugLogPaths debugLogPaths,
    TimeProvider time,
    ILogger logger)
{
    public async Task HandleAsync(C1Task task, CancellationToken ct)
    {
        // As in the SDK the file exists before the first heartbeat, so it holds the whole task.
        using var debugLog = task.Debug ? TaskDebugLog.TryOpen(debugLogPaths, task.Id, time, [options.ClientSecret], logger) : null;
        debugLog?.MakeCurrent();
        if (debugLog is not null)
        {
            logger.LogInformation("Task {TaskId} asks for debug logs; recording them in {Path}", task.Id, debugLog.Path);
        }

        Baton.ServiceV1.BatonServiceHeartbeatResponse first;
        try
        {
            first = await client.HeartbeatAsync(task.Id, ct).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            // As in the SDK: no FinishTask; the server re-queues a task that never heartbeats.
            logger.LogError("First heartbeat for task {TaskId} failed ({Status}); skipping it", task.Id, ex.Status);
            return;
        }

        if (first.Cancelled)
        {
            logger.LogInformation("Task {TaskId} was cancelled before it started", task.Id);
            return;
        }

        var path = Path.Combine(options.TempDirectory, $"baton-clerk-{task.Id}-{Guid.NewGuid():N}.c1z");
        (StatusCode Code, string Message)? failure = null;
        using (var taskCts = CancellationTokenSource.CreateLinkedTokenSource(ct))
        using (var stopHeartbeats = new CancellationTokenSource())
        {
            var heartbeats = new HeartbeatLoop(client, options, time, logger);
            var heartbeatLoop = heartbeats.RunAsync(task.Id, Intervals.Heartbeat(first.NextHeartbeat, options), taskCts, stopHeartbeats.Token);
            try
            {
                var options = task.SyncFull ?? new C1Task.Types.SyncFullTask();
                logger.LogInformation(
                    "Starting sync for task {TaskId} (resource types: {Types}; targeted resources: {Targets}; skip entitlements and grants: {SkipEntitlements}; skip grants: {SkipGrants})",
                    task.Id, options.SyncResourceTypeIds.Count > 0 ? string.Join(",", options.SyncResourceTypeIds) : "configured",
                    options.TargetedSyncResources.Count, options.SkipEntitlementsAndGrants, options.SkipGrants);
                if (options.StorageEngine.Equals("pebble", StringComparison.OrdinalIgnoreCase))
                {
                    logger.LogInformation("Task {TaskId} asks for the pebble storage engine; this connector writes v1 (SQLite) c1z files", task.Id);
                }

                var uploaded = false;
                await job.RunAndUploadAsync(path, options, async (file, c) =>
                {
                    // The engine calls this from its uploader actor, outside this task's async flow.
                    debugLog?.MakeCurrent();
                    await uploader.UploadAsync(task.Id, file, c).ConfigureAwait(false);
                    uploaded = true;
                }, taskCts.Token).ConfigureAwait(false);
                taskCts.Token.ThrowIfCancellationRequested();
                if (!uploaded)
                {
                    throw new InvalidOperationException("the sync job finished without uploading the c1z file");
                }

                if (debugLog is not null)
                {
                    await UploadDebugLogAsync(task.Id, debugLog, taskCts.Token).ConfigureAwait(false);
                }
            }
            catch (Exception ex)
            {
                failure = TaskFailure.Describe(ex, heartbeats.AbortReason, ct.IsCancellationRequested);
                logger.LogError(ex, "Full sync for task {TaskId} failed: {Message}", task.Id, failure.Value.Message);
            }
            finally
            {
                // Heartbeats end and the temporary c1z is gone before C1 hears the outcome: once
                // FinishTask is sent the task is over, so nothing may still be running for it.
                await stopHeartbeats.CancelAsync().ConfigureAwait(false);
                try
                {
                    await heartbeatLoop.ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    // Never let a broken heartbeat loop keep C1 from hearing the outcome.
                    logger.LogWarning(ex, "Heartbeat loop for task {TaskId} failed", task.Id);
                }

                TryDelete(path);
                debugLog?.Dispose();
            }
        }

        if (failure is { } f)
        {
            await finisher.FailAsync(task.Id, f.Code, f.Message, nonRetryable: false).ConfigureAwait(false);
        }
        else
        {
            await finisher.SucceedAsync(task.Id).ConfigureAwait(false);
        }
    }

    // As the SDK: the second asset of the task, after the c1z; its failure fails the task even though the c1z
    // is already uploaded.
    private async Task UploadDebugLogAsync(string taskId, TaskDebugLog debugLog, CancellationToken ct)
    {
        logger.LogInformation("Uploading the debug log of task {TaskId}", taskId);
        debugLog.Close();
        try
        {
            await uploader.UploadAsync(taskId, debugLog.Path, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError("The debug log of task {TaskId} could not be uploaded: {Message}", taskId, ex.Message);
            throw;
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException ex)
        {
            logger.LogWarning(ex, "Could not delete temporary c1z {Path}", path);
        }
        catch (UnauthorizedAccessException ex)
        {
            logger.LogWarning(ex, "Could not delete temporary c1z {Path}", path);
        }
    }
}
