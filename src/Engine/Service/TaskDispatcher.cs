using BatonClerk.Engine.Baton.V2;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using C1Task = BatonClerk.Engine.Baton.ServiceV1.Task;
using Kind = BatonClerk.Engine.Baton.ServiceV1.Task.TaskTypeOneofCase;

namespace BatonClerk.Engine.Service;

/// <summary>
/// Routes a claimed task and answers it as a Baton SDK connector without actions, event feeds or ticketing would:
/// hello and sync_full always do work; grant and revoke do when provisioning is enabled (<paramref name="provisioning"/>).
/// </summary>
internal sealed class TaskDispatcher(
    SyncFullHandler syncFull,
    ProvisioningTaskHandler? provisioning,
    Func<string, CancellationToken, Task> sayHello,
    TaskFinisher finisher,
    ILogger logger)
{
    /// <summary>Names the flag, so the operator knows how to allow writes; nothing was sent to Clerk.</summary>
    public const string ProvisioningOffMessage =
        "provisioning is not enabled, so nothing was written to Clerk: start the connector with -p / --provisioning (BATON_PROVISIONING=true) to run grant and revoke tasks";

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
            case Kind.Grant when provisioning is not null:
                await provisioning.GrantAsync(task, ct).ConfigureAwait(false);
                return;
            case Kind.Revoke when provisioning is not null:
                await provisioning.RevokeAsync(task, ct).ConfigureAwait(false);
                return;
            case Kind.Grant or Kind.Revoke or Kind.CreateAccount or Kind.CreateResource
                or Kind.DeleteResource or Kind.RotateCredentials or Kind.IssueCredential when provisioning is null:
                await finisher.FailAsync(task.Id, StatusCode.FailedPrecondition, ProvisioningOffMessage, nonRetryable: true).ConfigureAwait(false);
                return;
            case Kind.CreateAccount or Kind.CreateResource or Kind.DeleteResource or Kind.RotateCredentials or Kind.IssueCredential:
                // As the SDK's connector builder for a connector without account, resource or credential managers.
                await finisher.FailAsync(task.Id, StatusCode.Unimplemented, $"this connector does not implement {task.TaskTypeCase} tasks", nonRetryable: true)
                    .ConfigureAwait(false);
                return;
            case Kind.CreateTicketTask or Kind.ListTicketSchemas or Kind.GetTicket
                or Kind.BulkCreateTickets or Kind.BulkGetTickets:
                await finisher.FailAsync(task.Id, StatusCode.Unknown, "ticketing is not enabled", nonRetryable: false).ConfigureAwait(false);
                return;
            case Kind.ActionListSchemas:
                // No actions: the SDK's action manager lists none, and the task succeeds with that empty list.
                await finisher.SucceedAsync(task.Id, new ListActionSchemasResponse()).ConfigureAwait(false);
                return;
            case Kind.ActionGetSchema or Kind.ActionInvoke or Kind.ActionStatus:
                // The SDK's action manager knows no action of that name or id.
                await finisher.FailAsync(task.Id, StatusCode.NotFound, "this connector has no actions", nonRetryable: false).ConfigureAwait(false);
                return;
            case Kind.ListEventFeeds:
                await finisher.SucceedAsync(task.Id, new ListEventFeedsResponse()).ConfigureAwait(false);
                return;
            case Kind.ListEvents:
                // The SDK finds no event feed (NotFound), and its list_events handler returns that error without a
                // FinishTask: C1 sees the task unfinished, exactly as with an SDK connector that has no feeds.
                logger.LogWarning("Task {TaskId} lists events, but this connector has no event feeds; not finishing it (as the SDK)", task.Id);
                return;
            default:
                await finisher.FailAsync(task.Id, StatusCode.Unknown, "unsupported task type", nonRetryable: false).ConfigureAwait(false);
                return;
        }
    }
}
