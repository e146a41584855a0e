using System.Collections.Concurrent;
using Akka.Actor;
using BatonClerk.Engine.Baton;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.Provisioning;
using BatonClerk.Engine.Service;
using BatonClerk.Engine.Sync;
using BatonClerk.Engine.Sync.Gate;
using BatonClerk.Engine.Tests.Service.Fakes;
using BatonClerk.Simulator;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using C1Task = BatonClerk.Engine.Baton.ServiceV1.Task;
using FinishRequest = BatonClerk.Engine.Baton.ServiceV1.BatonServiceFinishTaskRequest;

namespace BatonClerk.Engine.Tests.Service;

/// <summary>
/// Grant and Revoke tasks through the service loop against the fake C1 and the Clerk simulator: the membership
/// really changes, and C1 gets the SDK's GrantManagerService responses or a non-retryable status keeping the cause.
/// </summary>
public sealed class ServiceProvisioningTests : IAsyncLifetime
{
    private readonly ActorSystem _system = ActorSystem.Create("service-provisioning", "akka.loglevel = WARNING");
    private readonly ClerkSimulator _sim = ClerkSimulator.Start(new SimulatorOptions
    {
        DatasetOptions = new SimDatasetOptions { Users = 40, Organizations = 4, Seed = 11 },
    });

    private readonly CapturingLogger _log = new();
    private ServiceHarness _harness = null!;
    private ClerkServiceProvisioning? _provisioning;

    public async Task InitializeAsync() => _harness = await ServiceHarness.StartServerAsync();

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        _provisioning?.Dispose();
        _sim.Dispose();
        await _system.Terminate();
    }

    [Fact]
    public async Task Grant_MemberEntitlement_CreatesMembershipAndAnswersWithTheResultingGrants()
    {
        var (org, user) = NonMember();
        StartRunner(provisioning: true);

        var finish = await RunAsync(GrantTask(MemberEntitlement(org), user));

        var response = Success(finish).Response.Unpack<GrantManagerServiceGrantResponse>();
        Assert.Equal("org:member", RoleOf(org, user));
        Assert.Equal([GrantId(MemberEntitlement(org), user), GrantId(RoleEntitlement(org, "org:member"), user)], response.Grants.Select(g => g.Id));
        Assert.Equal("Member", response.Grants[0].Entitlement.DisplayName);
        Assert.Equal(org, response.Grants[1].Entitlement.Resource.Id.Resource);
        Assert.All(response.Grants, g => Assert.Equal(user, g.Principal.Id.Resource));
        Assert.Empty(response.Annotations);
        Assert.Equal(1, _sim.RequestLog.CountWrites());
        Assert.Contains(_log.Lines, l => l.Contains($"organization {org}, user {user}, (not a member) -> org:member", StringComparison.Ordinal));
        Assert.All(_log.Lines, l => Assert.DoesNotContain(_sim.SecretKey, l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Grant_Repeated_SucceedsWithGrantAlreadyExistsAndNoWrite()
    {
        var (org, user) = NonMember();
        StartRunner(provisioning: true);
        Success(await RunAsync(GrantTask(MemberEntitlement(org), user)));

        var again = Success(await RunAsync(GrantTask(MemberEntitlement(org), user)));

        var response = again.Response.Unpack<GrantManagerServiceGrantResponse>();
        Assert.NotNull(Annotations.Find<GrantAlreadyExists>(response.Annotations));
        Assert.NotNull(Annotations.Find<GrantAlreadyExists>(again.Annotations));
        Assert.Equal(2, response.Grants.Count);
        Assert.Equal(1, _sim.RequestLog.CountWrites());
    }

    [Fact]
    public async Task Grant_OtherRoleOfAMember_ChangesTheRoleAndCarriesGrantReplaced()
    {
        var (org, user) = NonMember();
        StartRunner(provisioning: true);
        Success(await RunAsync(GrantTask(MemberEntitlement(org), user)));

        var finish = Success(await RunAsync(GrantTask(RoleEntitlement(org, "org:admin"), user)));

        var response = finish.Response.Unpack<GrantManagerServiceGrantResponse>();
        var previous = GrantId(RoleEntitlement(org, "org:member"), user);
        Assert.Equal("org:admin", RoleOf(org, user));
        Assert.Equal(previous, Annotations.Find<GrantReplaced>(response.Annotations)?.ReplacedGrantId);
        Assert.Equal(previous, Annotations.Find<GrantReplaced>(finish.Annotations)?.ReplacedGrantId);
        Assert.Equal([GrantId(MemberEntitlement(org), user), GrantId(RoleEntitlement(org, "org:admin"), user)], response.Grants.Select(g => g.Id));
        Assert.Equal(2, _sim.RequestLog.CountWrites());
    }

    [Fact]
    public async Task Revoke_RoleThenMember_MovesBackToDefaultThenDeletesAndRepeatsWriteNothing()
    {
        var (org, user) = NonMember();
        StartRunner(provisioning: true);
        Success(await RunAsync(GrantTask(RoleEntitlement(org, "org:admin"), user)));
        Assert.Equal("org:admin", RoleOf(org, user));

        var role = Success(await RunAsync(RevokeTask(RoleEntitlement(org, "org:admin"), user)));
        Assert.Equal("org:member", RoleOf(org, user));
        Assert.Empty(role.Response.Unpack<GrantManagerServiceRevokeResponse>().Annotations);

        var roleAgain = Success(await RunAsync(RevokeTask(RoleEntitlement(org, "org:admin"), user)));
        Assert.NotNull(Annotations.Find<GrantAlreadyRevoked>(roleAgain.Response.Unpack<GrantManagerServiceRevokeResponse>().Annotations));
        Assert.Equal(2, _sim.RequestLog.CountWrites());

        Success(await RunAsync(RevokeTask(MemberEntitlement(org), user)));
        Assert.Null(RoleOf(org, user));
        var memberAgain = Success(await RunAsync(RevokeTask(MemberEntitlement(org), user)));
        Assert.NotNull(Annotations.Find<GrantAlreadyRevoked>(memberAgain.Annotations));
        Assert.Equal(3, _sim.RequestLog.CountWrites());
    }

    [Fact]
    public async Task GrantAndRevoke_WithoutProvisioning_FailedPreconditionNamingTheFlagAndNoRequest()
    {
        var (org, user) = NonMember();
        var member = _sim.Dataset.MembershipsOf(org)[0];
        StartRunner(provisioning: false);

        var grant = await RunAsync(GrantTask(MemberEntitlement(org), user));
        var revoke = await RunAsync(RevokeTask(MemberEntitlement(org), member.UserId));

        foreach (var finish in new[] { grant, revoke })
        {
            AssertFailed(finish, StatusCode.FailedPrecondition);
            Assert.Contains("--provisioning", finish.Status.Message, StringComparison.Ordinal);
        }

        Assert.Equal(0, _sim.RequestLog.Count);
        Assert.Null(RoleOf(org, user));
        Assert.NotNull(RoleOf(org, member.UserId));
    }

    [Fact]
    public async Task Grant_Refused_FinishesFailedPreconditionWithZeroWrites()
    {
        var (org, user) = NonMember();
        StartRunner(provisioning: true);

        var unknownRole = await RunAsync(GrantTask($"organization:{org}:role:role_nope", user));
        var notAUser = await RunAsync(GrantTask(MemberEntitlement(org), org, "organization"));
        var basic = _sim.Dataset.Organizations.First(o => o.RoleSetKey == SimRoleSets.BasicKey).Id;
        var custom = _sim.Dataset.Roles.First(r => r.Key is not ("org:admin" or "org:member"));
        var outsideSet = await RunAsync(GrantTask($"organization:{basic}:role:{custom.Id}", user));

        AssertFailed(unknownRole, StatusCode.FailedPrecondition);
        Assert.Contains("role role_nope is unknown to Clerk", unknownRole.Status.Message, StringComparison.Ordinal);
        AssertFailed(notAUser, StatusCode.FailedPrecondition);
        Assert.Contains("only a user can", notAUser.Status.Message, StringComparison.Ordinal);
        AssertFailed(outsideSet, StatusCode.FailedPrecondition);
        Assert.Contains($"role {custom.Key} ({custom.Id}) is not in the roles of organization {basic}", outsideSet.Status.Message, StringComparison.Ordinal);
        Assert.Equal(0, _sim.RequestLog.CountWrites());
        Assert.Null(RoleOf(org, user));
    }

    [Fact]
    public async Task Revoke_DefaultRoleAlone_FinishesFailedPreconditionWithoutWrite()
    {
        var (org, user) = NonMember();
        StartRunner(provisioning: true);
        Success(await RunAsync(GrantTask(MemberEntitlement(org), user)));

        var finish = await RunAsync(RevokeTask(RoleEntitlement(org, "org:member"), user));

        AssertFailed(finish, StatusCode.FailedPrecondition);
        Assert.Contains("default role", finish.Status.Message, StringComparison.Ordinal);
        Assert.Equal(1, _sim.RequestLog.CountWrites());
        Assert.Equal("org:member", RoleOf(org, user));
    }

    [Theory]
    [InlineData(401, StatusCode.Unauthenticated)]
    [InlineData(403, StatusCode.PermissionDenied)]
    [InlineData(404, StatusCode.NotFound)]
    public async Task Grant_ClerkRefusesTheWrite_FinishesNonRetryableWithTheCauseStatus(int httpStatus, StatusCode expected)
    {
        var (org, user) = NonMember();
        // Under this prefix the grant first reads the membership (request 1), then writes it (request 2).
        _sim.AddFault(SimFaultRule.Status($"/organizations/{org}/memberships", httpStatus, 2));
        StartRunner(provisioning: true);

        var finish = await RunAsync(GrantTask(MemberEntitlement(org), user));

        AssertFailed(finish, expected);
        Assert.Equal(1, _sim.RequestLog.CountWrites());
        Assert.DoesNotContain(_sim.SecretKey, finish.Status.Message, StringComparison.Ordinal);
        Assert.Null(RoleOf(org, user));
    }

    [Fact]
    public async Task Grant_RateLimitOutlastsTheWaits_FinishesUnavailableWithoutWrite()
    {
        var (org, user) = NonMember();
        _sim.AddFault(SimFaultRule.TooManyRequests($"/organizations/{org}/memberships", "1", int.MaxValue));
        StartRunner(provisioning: true, new ProvisioningOptions { MaxRateLimitWaits = 0 });

        var finish = await RunAsync(GrantTask(MemberEntitlement(org), user));

        AssertFailed(finish, StatusCode.Unavailable);
        Assert.Equal(0, _sim.RequestLog.CountWrites());
        Assert.Null(RoleOf(org, user));
    }

    [Fact]
    public async Task Grant_MalformedTask_FinishesInvalidArgumentWithNoRequest()
    {
        StartRunner(provisioning: true);

        var finish = await RunAsync(new C1Task { Id = Ksuid.New(TimeProvider.System), Grant = new C1Task.Types.GrantTask() });

        AssertFailed(finish, StatusCode.InvalidArgument);
        Assert.Equal(0, _sim.RequestLog.Count);
    }

    [Fact]
    public async Task GrantAndSync_SameKey_DrawFromOneGate()
    {
        var (org, user) = NonMember();
        StartRunner(provisioning: true);

        Success(await RunAsync(GrantTask(MemberEntitlement(org), user)));
        Success(await RunAsync(ServiceHarness.SyncFullTask()));

        Assert.Equal(1, GateRegistry.Of(_system).Count);
    }

    [Fact]
    public async Task DispatchAsync_OtherProvisioningTasksWithProvisioning_FinishUnimplementedNonRetryable()
    {
        StartRunner(provisioning: true);

        var account = await RunAsync(new C1Task { Id = Ksuid.New(TimeProvider.System), CreateAccount = new() });
        var credentials = await RunAsync(new C1Task { Id = Ksuid.New(TimeProvider.System), RotateCredentials = new() });

        AssertFailed(account, StatusCode.Unimplemented);
        AssertFailed(credentials, StatusCode.Unimplemented);
        Assert.Equal(0, _sim.RequestLog.Count);
    }

    private static void AssertFailed(FinishRequest finish, StatusCode code)
    {
        Assert.Null(finish.Success);
        Assert.True(finish.Error.NonRetryable);
        Assert.Equal((int)code, finish.Status.Code);
    }

    private static FinishRequest.Types.Success Success(FinishRequest finish)
    {
        Assert.True(finish.Success is not null, $"task failed: {finish.Status}");
        return finish.Success;
    }

    private static string GrantId(string entitlementId, string user) => BatonIds.Grant(entitlementId, "user", user);

    private static string MemberEntitlement(string org) => $"organization:{org}:member";

    private string RoleEntitlement(string org, string key) => $"organization:{org}:role:{_sim.Dataset.Roles.Single(r => r.Key == key).Id}";

    private static Entitlement Entitlement(string id, string org) => new()
    {
        Id = id,
        DisplayName = id.EndsWith(":member", StringComparison.Ordinal) ? "Member" : "Role",
        Resource = new Resource { Id = new ResourceId { ResourceType = "organization", Resource = org } },
    };

    private static Resource Principal(string type, string id) => new() { Id = new ResourceId { ResourceType = type, Resource = id } };

    private static C1Task GrantTask(string entitlementId, string principalId, string principalType = "user") => new()
    {
        Id = Ksuid.New(TimeProvider.System),
        Grant = new C1Task.Types.GrantTask
        {
            Entitlement = Entitlement(entitlementId, entitlementId.Split(':')[1]),
            Principal = Principal(principalType, principalId),
        },
    };

    private static C1Task RevokeTask(string entitlementId, string user) => new()
    {
        Id = Ksuid.New(TimeProvider.System),
        Revoke = new C1Task.Types.RevokeTask
        {
            Grant = new Grant
            {
                Id = GrantId(entitlementId, user),
                Entitlement = Entitlement(entitlementId, entitlementId.Split(':')[1]),
                Principal = Principal("user", user),
            },
        },
    };

    private (string Org, string User) NonMember()
    {
        var org = _sim.Dataset.Organizations[0].Id;
        var user = _sim.Dataset.Users.First(u => _sim.Dataset.MembershipsOf(org).All(m => m.UserId != u.Id)).Id;
        return (org, user);
    }

    private string? RoleOf(string org, string user) => _sim.Dataset.MembershipsOf(org).SingleOrDefault(m => m.UserId == user)?.Role;

    private void StartRunner(bool provisioning, ProvisioningOptions? settings = null)
    {
        var options = new ClerkSyncOptions
        {
            SecretKey = _sim.SecretKey,
            ApiUrl = _sim.BaseUrl,
            PageSize = 50,
            MaxRetryAttempts = 0,
        }.ValidateEngineSettings();
        _provisioning = provisioning ? new ClerkServiceProvisioning(_system, options, settings, _log) : null;
        _ = _harness.StartRunner(new ClerkServiceSyncJob(_system, options), provisioning: _provisioning);
    }

    private async Task<FinishRequest> RunAsync(C1Task task)
    {
        _harness.State.Enqueue(task);
        var finish = await _harness.NextFinishAsync();
        Assert.Equal(task.Id, finish.TaskId);
        return finish;
    }

    private sealed class CapturingLogger : ILogger
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _lines.Enqueue(logLevel + " " + formatter(state, exception));
    }
}
