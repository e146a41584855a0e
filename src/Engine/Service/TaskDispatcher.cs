using Grpc.Core;
using Microsoft.Extensions.Logging;
using C1Task = BatonClerk.Engine.Baton.ServiceV1.Task;
using Kind = BatonClerk.Engine.Baton.ServiceV1.Task.TaskTypeOneofCase;

namespace BatonClerk.Engine.Service;

/// <summary>Routes a claimed task. This connector is read-only: only hello and sync_full do work.</summary>
internal sealed class TaskDispatcher(SyncFullHandler syncFull, Func<string, CancellationToken, Task> sayHello, TaskFinisher finisher, ILogger logger)
{
    public async Task DispatchAsync(C1Task task, CancellationToken ct)
    {
        logger.LogInformation("Claimed task {TaskId} ({Kind})", task.Id, task.TaskTypeCase);
        switch (task.TaskTypeCase)
        {
            case Kind.None:
                return;
            case Kind.Hello:
                // Answered by a Hello carrying the task id; the SDK sends no FinishTask for it.
                await sayHello(task.Id, ct).ConfigureAwait(false);
                return;
            case Kind.SyncFull:
                await syncFull.HandleAsync(task, ct).ConfigureAwait(false);
                return;
            case Kind.Grant or Kind.Revoke or Kind.CreateAccount or Kind.CreateResource
                or Kind.DeleteResource or Kind.RotateCredentials or Kind.IssueCredential:
                await finisher.FailAsync(task.Id, StatusCode.FailedPrecondition, "provisioning is not enabled", nonRetryable: true).ConfigureAwait(false);
                return;
            case Kind.CreateTicketTask or Kind.ListTicketSchemas or Kind.GetTicket
                or Kind.BulkCreateTickets or Kind.BulkGetTickets:
                await finisher.FailAsync(task.Id, StatusCode.Unknown, "ticketing is not enabled", nonRetryable: false).ConfigureAwait(false);
                return;
            default:
                await finisher.FailAsync(task.Id, StatusCode.Unknown, "unsupported task type", nonRetryable: false).ConfigureAwait(false);
                return;
        }
    }
}
