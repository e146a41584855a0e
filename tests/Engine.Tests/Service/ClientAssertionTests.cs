using BatonClerk.Engine.Service;
using BatonClerk.Engine.Tests.Service.Fakes;

namespace BatonClerk.Engine.Tests.Service;

public sealed class ClientAssertionTests
{
    [Fact]
    public void Create_ValidCredentials_ProducesVerifiableEdDsaJwt()
    {
        var keys = TestCredentials.Create();
        using var credentials = ServiceCredentials.Parse(TestCredentials.ClientId, keys.Secret);
        var now = DateTimeOffset.UtcNow;

        var jwt = ClientAssertion.Create(credentials, now);

        Assert.Null(JwtAssertionValidator.Validate(jwt, TestCredentials.ClientId, TestCredentials.TenantHost, keys.PublicKey, now));
    }

    [Theory]
    [InlineData("bearer", "Bearer")]
    [InlineData("", "Bearer")]
    [InlineData(null, "Bearer")]
    [InlineData("MAC", "MAC")]
    [InlineData("basic", "Basic")]
    [InlineData("DPoP", "DPoP")]
    public void NormalizeType_TokenTypes_MatchOAuthConventions(string? tokenType, string expected)
    {
        Assert.Equal(expected, AccessToken.NormalizeType(tokenType));
    }
}
