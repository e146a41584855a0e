using BatonClerk.Engine.Provisioning;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using C1Task = BatonClerk.Engine.Baton.ServiceV1.Task;

namespace BatonClerk.Engine.Service;

/// <summary>
/// Runs a Grant or Revoke task as the SDK's handlers do: one call, no heartbeats, and a FinishTask whose success
/// carries the GrantManagerService response (its annotations also on the success itself) and whose failure is
/// never retried, since C1 decides whether to ask again.
/// </summary>
internal sealed class ProvisioningTaskHandler(IServiceProvisioning provisioning, TaskFinisher finisher, ILogger logger)
{
    public Task GrantAsync(C1Task task, CancellationToken ct)
    {
        if (task.Grant?.Entitlement is not { } entitlement || task.Grant.Principal?.Id is null)
        {
            return finisher.FailAsync(task.Id, StatusCode.InvalidArgument, "malformed grant task: it names no entitlement or no principal", nonRetryable: true);
        }

        var principal = task.Grant.Principal;
        logger.LogInformation("Task {TaskId}: grant {Entitlement} to {PrincipalType} {Principal}",
            task.Id, entitlement.Id, principal.Id.ResourceType, principal.Id.Resource);
        return RunAsync(task.Id, "grant", async () =>
        {
            var response = await provisioning.GrantAsync(entitlement, principal, ct).ConfigureAwait(false);
            return (response, response.Annotations);
        }, ct);
    }

    public Task RevokeAsync(C1Task task, CancellationToken ct)
    {
        if (task.Revoke?.Grant is not { Entitlement: not null, Principal.Id: not null } grant)
        {
            return finisher.FailAsync(task.Id, StatusCode.InvalidArgument, "malformed revoke task: it names no grant, or no entitlement or principal of it", nonRetryable: true);
        }

        logger.LogInformation("Task {TaskId}: revoke grant {Grant}", task.Id, grant.Id);
        return RunAsync(task.Id, "revoke", async () =>
        {
            var response = await provisioning.RevokeAsync(grant, ct).ConfigureAwait(false);
            return (response, response.Annotations);
        }, ct);
    }

    private async Task RunAsync(string taskId, string verb, Func<Task<(IMessage Response, RepeatedField<Any> Annotations)>> call, CancellationToken ct)
    {
        (IMessage Response, RepeatedField<Any> Annotations) done;
        try
        {
            done = await call().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var (code, message) = TaskFailure.DescribeProvisioning(ex, ct.IsCancellationRequested);
            if (ex is ProvisioningRefusedException)
            {
                logger.LogWarning("The {Verb} of task {TaskId} was refused, nothing was written: {Message}", verb, taskId, message);
            }
            else
            {
                logger.LogError(ex, "The {Verb} of task {TaskId} failed ({Code}): {Message}", verb, taskId, code, message);
            }

            await finisher.FailAsync(taskId, code, message, nonRetryable: true).ConfigureAwait(false);
            return;
        }

        await finisher.SucceedAsync(taskId, done.Response, done.Annotations).ConfigureAwait(false);
    }
}
