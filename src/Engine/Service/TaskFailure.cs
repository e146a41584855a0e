using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Provisioning;
using Grpc.Core;

namespace BatonClerk.Engine.Service;

/// <summary>
/// Maps a failed task to the status C1 receives, as the SDK does (cancel 1, deadline 4, a gRPC status kept, else 2),
/// with a Clerk failure keeping its cause: a rejected key, a refusal, a missing object or a spent budget.
/// </summary>
internal static class TaskFailure
{
    public static (StatusCode Code, string Message) Describe(Exception ex, string? abortReason, bool shuttingDown)
    {
        if (abortReason is not null)
        {
            return (StatusCode.Cancelled, abortReason);
        }

        if (Find<ClerkApiException>(ex) is { } clerk && ForClerk(clerk.Kind) is { } code)
        {
            return (code, clerk.Message);
        }

        return ex switch
        {
            OperationCanceledException when shuttingDown => (StatusCode.Cancelled, "connector is shutting down; task aborted"),
            OperationCanceledException => (StatusCode.Cancelled, ex.Message),
            TimeoutException => (StatusCode.DeadlineExceeded, ex.Message),
            RpcException rpc => (rpc.StatusCode, rpc.Status.Detail),
            ArgumentException => (StatusCode.InvalidArgument, ex.Message),
            _ => (StatusCode.Unknown, ex.Message),
        };
    }

    /// <summary>
    /// A Grant or Revoke task's failure. A refusal (nothing was written: an entitlement or principal this connector
    /// cannot write, an unknown organization, user or role, a role outside the role set) is FailedPrecondition, as
    /// Clerk's state, not the request's form, decides it; a write Clerk refused keeps the provisioner's message and
    /// the cause's status (401 Unauthenticated, 403 PermissionDenied, 404 NotFound, rate limit Unavailable).
    /// </summary>
    public static (StatusCode Code, string Message) DescribeProvisioning(Exception ex, bool shuttingDown)
    {
        if (ex is ProvisioningRefusedException)
        {
            return (StatusCode.FailedPrecondition, ex.Message);
        }

        var (code, message) = Describe(ex, null, shuttingDown);
        if (code == StatusCode.Unknown && Find<ClerkApiException>(ex) is { Kind: ClerkErrorKind.InvalidRequest })
        {
            code = StatusCode.InvalidArgument;
        }

        return (code, ex is ProvisioningFailedException ? ex.Message : message);
    }

    private static StatusCode? ForClerk(ClerkErrorKind kind) => kind switch
    {
        ClerkErrorKind.Unauthorized => StatusCode.Unauthenticated,
        ClerkErrorKind.Forbidden or ClerkErrorKind.FeatureNotEnabled => StatusCode.PermissionDenied,
        ClerkErrorKind.NotFound => StatusCode.NotFound,
        ClerkErrorKind.RateLimited => StatusCode.Unavailable,
        _ => null,
    };

    // The engine may hand the cause on wrapped (a pager's fault, an aggregate of parallel pages).
    private static T? Find<T>(Exception? ex)
        where T : Exception
    {
        for (var depth = 0; ex is not null && depth < 8; depth++)
        {
            switch (ex)
            {
                case T match:
                    return match;
                case AggregateException { InnerExceptions.Count: 1 } aggregate:
                    ex = aggregate.InnerExceptions[0];
                    break;
                default:
                    ex = ex.InnerException;
                    break;
            }
        }

        return null;
    }
}
