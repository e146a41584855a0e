using BatonClerk.Engine.Service;
using BatonClerk.Engine.Tests.Service.Fakes;

namespace BatonClerk.Engine.Tests.Service;

public sealed class ServiceModeTests
{
    [Fact]
    public async Task RunAsync_MalformedClientId_ReturnsOne()
    {
        var options = new ServiceOptions { ClientId = "no-at-sign", ClientSecret = TestCredentials.Create().Secret };

        var exit = await ServiceMode.RunAsync(options, new DelegateSyncJob((_, _) => Task.CompletedTask), ServiceHarness.Metadata(), null, null, CancellationToken.None);

        Assert.Equal(1, exit);
    }

    [Fact]
    public async Task RunAsync_RejectedCredential_ReturnsOne()
    {
        await using var harness = await ServiceHarness.StartServerAsync();
        harness.State.RejectTokens = true;

        var exit = await ServiceMode.RunAsync(
            harness.Server.CreateOptions(harness.TempDirectory), new DelegateSyncJob((_, _) => Task.CompletedTask), ServiceHarness.Metadata(), null, null, CancellationToken.None);

        Assert.Equal(1, exit);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData(null, false)]
    public void FromEnvironmentIfEnabled_Flag_EnablesHealthServer(string? flag, bool enabled)
    {
        var options = HealthServerOptions.FromEnvironmentIfEnabled(name => name == "BATON_HEALTH_CHECK" ? flag : null);

        Assert.Equal(enabled, options is not null);
        Assert.Equal(enabled ? 8081 : 0, options?.Port ?? 0);
    }

    [Fact]
    public void IsRequested_ClientIdSet_ReturnsTrue()
    {
        Assert.True(ServiceMode.IsRequested(name => name == "BATON_CLIENT_ID" ? TestCredentials.ClientId : null));
        Assert.False(ServiceMode.IsRequested(_ => null));
    }
}
