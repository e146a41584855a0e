using BatonClerk.Engine.Service;

namespace BatonClerk.Engine.Tests.Service;

public sealed class C1ClientIdTests
{
    [Fact]
    public void Parse_WellFormedId_SplitsNameAndTenantHost()
    {
        var id = C1ClientId.Parse("strange-hydra-68836@acme.conductor.one/pcc");

        Assert.Equal("strange-hydra-68836", id.ClientName);
        Assert.Equal("acme.conductor.one", id.TenantHost);
        Assert.Equal("acme.conductor.one", id.Audience);
        Assert.Equal("strange-hydra-68836@acme.conductor.one/pcc", id.Value);
    }

    [Fact]
    public void Parse_TenantHostWithPort_AudienceDropsPort()
    {
        var id = C1ClientId.Parse("name@tenant.example:8443/pcc/extra");

        Assert.Equal("tenant.example:8443", id.TenantHost);
        Assert.Equal("tenant.example", id.Audience);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("no-at-sign.example/pcc", "'@'")]
    [InlineData("name@tenant.example", "'/'")]
    [InlineData("@tenant.example/pcc", "client name")]
    [InlineData("name@/pcc", "tenant host")]
    [InlineData("name@bad host/pcc", "tenant host")]
    public void Parse_MalformedId_ThrowsNamingTheBadPart(string value, string expectedFragment)
    {
        var error = Assert.Throws<ServiceConfigurationException>(() => C1ClientId.Parse(value));

        Assert.Contains("client id", error.Message, StringComparison.Ordinal);
        Assert.Contains(expectedFragment, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
