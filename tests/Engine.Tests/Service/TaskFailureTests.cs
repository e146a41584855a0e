using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Provisioning;
using BatonClerk.Engine.Service;
using Grpc.Core;

namespace BatonClerk.Engine.Tests.Service;

public sealed class TaskFailureTests
{
    [Theory]
    [InlineData(ClerkErrorKind.Unauthorized, StatusCode.Unauthenticated)]
    [InlineData(ClerkErrorKind.Forbidden, StatusCode.PermissionDenied)]
    [InlineData(ClerkErrorKind.NotFound, StatusCode.NotFound)]
    [InlineData(ClerkErrorKind.RateLimited, StatusCode.Unavailable)]
    [InlineData(ClerkErrorKind.InvalidRequest, StatusCode.Unknown)]
    public void Describe_ClerkFailure_KeepsTheCause(ClerkErrorKind kind, StatusCode expected)
    {
        var (code, message) = TaskFailure.Describe(new ClerkApiException(kind, "clerk said no"), null, shuttingDown: false);

        Assert.Equal(expected, code);
        Assert.Equal("clerk said no", message);
    }

    [Fact]
    public void Describe_ClerkFailureWrapped_FindsTheCause()
    {
        var wrapped = new InvalidOperationException("pager failed", new AggregateException(new ClerkApiException(ClerkErrorKind.Unauthorized, "bad key")));

        Assert.Equal(StatusCode.Unauthenticated, TaskFailure.Describe(wrapped, null, shuttingDown: false).Code);
    }

    [Fact]
    public void Describe_AbortedByHeartbeat_IsCancelledWhateverTheCause()
    {
        var (code, message) = TaskFailure.Describe(new ClerkApiException(ClerkErrorKind.NotFound, "x"), "heartbeats failed", shuttingDown: false);

        Assert.Equal(StatusCode.Cancelled, code);
        Assert.Equal("heartbeats failed", message);
    }

    [Fact]
    public void Describe_BadTaskOption_IsInvalidArgument()
    {
        Assert.Equal(StatusCode.InvalidArgument, TaskFailure.Describe(new ArgumentException("unknown resource type 'group'"), null, false).Code);
    }

    [Fact]
    public void DescribeProvisioning_Refused_IsFailedPreconditionWithTheMessage()
    {
        var (code, message) = TaskFailure.DescribeProvisioning(new ProvisioningRefusedException("role r is unknown to Clerk"), shuttingDown: false);

        Assert.Equal(StatusCode.FailedPrecondition, code);
        Assert.Equal("role r is unknown to Clerk", message);
    }

    [Theory]
    [InlineData(ClerkErrorKind.Forbidden, StatusCode.PermissionDenied)]
    [InlineData(ClerkErrorKind.NotFound, StatusCode.NotFound)]
    [InlineData(ClerkErrorKind.RateLimited, StatusCode.Unavailable)]
    [InlineData(ClerkErrorKind.InvalidRequest, StatusCode.InvalidArgument)]
    [InlineData(ClerkErrorKind.ServerError, StatusCode.Unknown)]
    public void DescribeProvisioning_FailedWrite_KeepsTheCauseAndTheProvisionersMessage(ClerkErrorKind kind, StatusCode expected)
    {
        var failed = new ProvisioningFailedException("could not create the membership: clerk said no", new ClerkApiException(kind, "clerk said no"));

        var (code, message) = TaskFailure.DescribeProvisioning(failed, shuttingDown: false);

        Assert.Equal(expected, code);
        Assert.Equal("could not create the membership: clerk said no", message);
    }
}
