using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Finish = BatonClerk.Engine.Baton.ServiceV1.BatonServiceFinishTaskRequest;
using RpcStatus = BatonClerk.Engine.Baton.Rpc.Status;

namespace BatonClerk.Engine.Service;

/// <summary>
/// Sends FinishTask once, on its own timeout: the task's token may already be cancelled (shutdown,
/// server cancel) and C1 should still learn the outcome.
/// </summary>
internal sealed class TaskFinisher(C1ServiceClient client, ServiceOptions options, ILogger logger)
{
    /// <summary>As the SDK: the response packed into an Any, and its annotations repeated on the success.</summary>
    public Task SucceedAsync(string taskId, IMessage? response = null, IEnumerable<Any>? annotations = null)
    {
        var success = new Finish.Types.Success { Response = response is null ? null : Any.Pack(response) };
        if (annotations is not null)
        {
            success.Annotations.Add(annotations);
        }

        return SendAsync(new Finish { TaskId = taskId, Success = success });
    }

    public Task FailAsync(string taskId, StatusCode code, string message, bool nonRetryable) =>
        SendAsync(new Finish
        {
            TaskId = taskId,
            Status = new RpcStatus { Code = (int)code, Message = message },
            Error = new Finish.Types.Error { NonRetryable = nonRetryable },
        });

    private async Task SendAsync(Finish request)
    {
        using var timeout = new CancellationTokenSource(options.FinishTaskTimeout);
        try
        {
            await client.FinishTaskAsync(request, timeout.Token).ConfigureAwait(false);
            logger.LogInformation("Finished task {TaskId}: {Outcome}", request.TaskId, request.FinalStateCase);
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException or HttpRequestException)
        {
            // Never retried (as in the SDK): the server re-queues a task whose heartbeats stop.
            logger.LogError(ex, "FinishTask for task {TaskId} failed", request.TaskId);
        }
    }
}
