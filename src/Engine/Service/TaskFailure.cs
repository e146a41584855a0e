using Grpc.Core;

namespace BatonClerk.Engine.Service;

/// <summary>Maps a failed task to the status C1 receives, as the SDK does (cancel 1, deadline 4, else 2).</summary>
internal static class TaskFailure
{
    public static (StatusCode Code, string Message) Describe(Exception ex, string? abortReason, bool shuttingDown)
    {
        if (abortReason is not null)
        {
            return (StatusCode.Cancelled, abortReason);
        }

        return ex switch
        {
            OperationCanceledException when shuttingDown => (StatusCode.Cancelled, "connector is shutting down; task aborted"),
            OperationCanceledException => (StatusCode.Cancelled, ex.Message),
            TimeoutException => (StatusCode.DeadlineExceeded, ex.Message),
            RpcException rpc => (rpc.StatusCode, rpc.Status.Detail),
            _ => (StatusCode.Unknown, ex.Message),
        };
    }
}
