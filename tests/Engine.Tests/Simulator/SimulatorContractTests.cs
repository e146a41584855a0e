using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Tests.Clerk;
using BatonClerk.Simulator;

namespace BatonClerk.Engine.Tests.Simulator;

/// <summary>Prism in proxy mode in front of the simulator: every simulator answer must satisfy the official spec.</summary>
public sealed class SimulatorContractFixture : IAsyncLifetime
{
    private PrismProcess? _prism;

    public ClerkSimulator Simulator { get; } = ClerkSimulator.Start(new SimulatorOptions
    {
        DatasetOptions = new SimDatasetOptions { Users = 400, Organizations = 12, Seed = 4, MembershipsWithoutUserEvery = 7 },
    });

    public string? StartError { get; private set; }
    public string ProxyUrl => _prism?.BaseUrl ?? "";
    public ViolationRecorder Recorder { get; } = new();

    public async Task InitializeAsync() =>
        (_prism, StartError) = await PrismProcess.StartAsync(Simulator.SecretKey, "proxy", Simulator.BaseUrl);

    public Task DisposeAsync()
    {
        _prism?.Dispose();
        Simulator.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class SimulatorContractTests(SimulatorContractFixture fixture) : IClassFixture<SimulatorContractFixture>
{
    [Fact]
    public async Task EveryEndpoint_ThroughPrismProxy_HasNoResponseViolations()
    {
        if (fixture.StartError is { } error)
        {
            Assert.Fail(error);
        }

        using var client = new ClerkClient(new ClerkClientOptions
        {
            SecretKey = fixture.Simulator.SecretKey,
            BaseUrl = fixture.ProxyUrl,
            MaxRetryAttempts = 0,
            HttpMessageHandler = fixture.Recorder,
        });
        var data = fixture.Simulator.Dataset.Snapshot;
        var biggest = data.Organizations.MaxBy(o => data.MembershipsOf(o.Id).Count)!;

        await client.ListUsersAsync(new UserListQuery(200), CancellationToken.None);
        await client.ListUsersAsync(new UserListQuery(200, 0, "-created_at") { StartingAfter = data.Users[300].Id }, CancellationToken.None);
        await client.CountUsersAsync(new UserCountQuery(data.Users[10].CreatedAt), CancellationToken.None);
        await client.ListOrganizationsAsync(new PageQuery(500, 0) { IncludeMembersCount = true }, CancellationToken.None);
        await client.ListRolesAsync(new PageQuery(500, 0), CancellationToken.None);
        await client.ListPermissionsAsync(new PageQuery(500, 0), CancellationToken.None);
        await client.ListOrganizationMembershipsAsync(biggest.Id, new PageQuery(100, 0), CancellationToken.None);
        await client.ListInstanceMembershipsAsync(new PageQuery(200, 0), CancellationToken.None);
        await client.ListRoleSetsAsync(new PageQuery(100, 0), CancellationToken.None);

        var seen = fixture.Recorder.Seen;
        Assert.Equal(9, seen.Count);
        Assert.All(seen, s => Assert.True(s.Status == 200 && s.ResponseViolations.Count == 0,
            $"{s.Uri} -> {s.Status}: {string.Join("; ", s.ResponseViolations.Take(3))}"));

        // The Organizations feature turned off: Clerk's 403 must be a valid error answer too.
        fixture.Simulator.OrganizationsDisabled = true;
        try
        {
            var refused = await Assert.ThrowsAsync<ClerkApiException>(() => client.ListOrganizationsAsync(new PageQuery(10, 0), CancellationToken.None));
            Assert.Equal(ClerkErrorKind.OrganizationsNotEnabled, refused.Kind);
        }
        finally
        {
            fixture.Simulator.OrganizationsDisabled = false;
        }

        var forbidden = fixture.Recorder.Seen[^1];
        Assert.True(forbidden.Status == 403 && forbidden.ResponseViolations.Count == 0,
            $"{forbidden.Uri} -> {forbidden.Status}: {string.Join("; ", forbidden.ResponseViolations.Take(3))}");
    }
}
