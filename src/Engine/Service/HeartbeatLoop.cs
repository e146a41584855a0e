using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace BatonClerk.Engine.Service;

/// <summary>
/// Keeps a running task alive at the server's pace. It cancels the task when the server says so or
/// when heartbeats keep failing, and records why so FinishTask can say it.
/// </summary>
internal sealed class HeartbeatLoop(C1ServiceClient client, ServiceOptions options, TimeProvider time, ILogger logger)
{
    private volatile string? _abortReason;

    /// <summary>Why the loop cancelled the task, or null when it did not.</summary>
    public string? AbortReason => _abortReason;

    public async Task RunAsync(string taskId, TimeSpan interval, CancellationTokenSource task, CancellationToken stop)
    {
        var failures = 0;
        try
        {
            while (true)
            {
                await Task.Delay(interval, time, stop).ConfigureAwait(false);
                try
                {
                    var reply = await client.HeartbeatAsync(taskId, stop).ConfigureAwait(false);
                    failures = 0;
                    if (reply.Cancelled)
                    {
                        Abort(task, "task cancelled by ConductorOne");
                        return;
                    }

                    interval = Intervals.Heartbeat(reply.NextHeartbeat, options);
                    logger.LogDebug("Heartbeat for task {TaskId} accepted; next in {Interval}", taskId, interval);
                }
                catch (RpcException ex)
                {
                    failures++;
                    logger.LogWarning("Heartbeat {Failures} for task {TaskId} failed: {Status}", failures, taskId, ex.Status);
                    if (failures >= options.MaxHeartbeatFailures)
                    {
                        Abort(task, $"task cancelled after {failures} consecutive heartbeat failures (last: {ex.StatusCode})");
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The task finished; heartbeats are no longer needed.
        }
    }

    private void Abort(CancellationTokenSource task, string reason)
    {
        _abortReason = reason;
        logger.LogWarning("Aborting task: {Reason}", reason);
        task.Cancel();
    }
}
