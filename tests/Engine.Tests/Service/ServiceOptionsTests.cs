using BatonClerk.Engine.Service;
using BatonClerk.Engine.Tests.Service.Fakes;

namespace BatonClerk.Engine.Tests.Service;

public sealed class ServiceOptionsTests
{
    [Fact]
    public void FromEnvironment_AllVariablesSet_ReadsThem()
    {
        var env = new Dictionary<string, string>
        {
            ["BATON_CLIENT_ID"] = TestCredentials.ClientId,
            ["BATON_CLIENT_SECRET"] = "secret",
            ["BATON_C1_API_HOST"] = "127.0.0.1:9443",
            ["BATON_HOST_ID"] = "pod-7",
        };

        var options = ServiceOptions.FromEnvironment(env.GetValueOrDefault);

        Assert.Equal(TestCredentials.ClientId, options.ClientId);
        Assert.Equal("127.0.0.1:9443", options.ApiHost);
        Assert.Equal("pod-7", options.HostId);
    }

    [Fact]
    public void FromEnvironment_HostIdSetButEmpty_FallsBackToBatonSdk()
    {
        var options = ServiceOptions.FromEnvironment(name => name == "BATON_HOST_ID" ? string.Empty : null);

        Assert.Equal("baton-sdk", options.HostId);
    }

    [Fact]
    public void FromEnvironment_HostIdUnset_UsesMachineName()
    {
        var options = ServiceOptions.FromEnvironment(_ => null);

        Assert.Equal(Environment.MachineName, options.HostId);
    }

    [Theory]
    [InlineData("https://api.example")]
    [InlineData("api.example/path")]
    public void Validate_ApiHostWithSchemeOrPath_Throws(string apiHost)
    {
        var bad = new ServiceOptions { ClientId = TestCredentials.ClientId, ClientSecret = TestCredentials.Create().Secret, ApiHost = apiHost };

        var error = Assert.Throws<ServiceConfigurationException>(() => bad.Validate());

        Assert.Contains("BATON_C1_API_HOST", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ZeroHeartbeatInterval_Throws()
    {
        var bad = new ServiceOptions { ClientId = TestCredentials.ClientId, ClientSecret = TestCredentials.Create().Secret, MinHeartbeatInterval = TimeSpan.Zero };

        Assert.Throws<ServiceConfigurationException>(() => bad.Validate());
    }
}
