using System.Buffers.Text;
using BatonClerk.Engine.Service;
using BatonClerk.Engine.Tests.Service.Fakes;

namespace BatonClerk.Engine.Tests.Service;

public sealed class C1ClientSecretTests
{
    private static readonly TestCredentials Credentials = TestCredentials.Create();

    [Fact]
    public void Parse_WellFormedSecret_ExposesMatchingPublicKey()
    {
        using var secret = C1ClientSecret.Parse(Credentials.Secret);

        Assert.Equal(Credentials.PublicKey, secret.PublicKey);
        Assert.Null(secret.KeyId);
        Assert.DoesNotContain(Credentials.Secret, secret.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_JwkWithKid_KeepsKeyId()
    {
        var jwk = Credentials.Jwk.Replace("}", ",\"kid\":\"key-1\"}", StringComparison.Ordinal);

        using var secret = C1ClientSecret.Parse(TestCredentials.SecretFromJwk(jwk));

        Assert.Equal("key-1", secret.KeyId);
    }

    public static TheoryData<string, string> MalformedSecrets()
    {
        var x = Base64Url.EncodeToString(Credentials.PublicKey);
        var d = Base64Url.EncodeToString(Credentials.Seed);
        var otherX = Base64Url.EncodeToString(TestCredentials.Create().PublicKey);
        var payload = Credentials.Secret[TestCredentials.SecretPrefix.Length..];
        return new TheoryData<string, string>
        {
            { string.Empty, "empty" },
            { "conductorone.com:v1:" + payload, "4 ':'-separated parts" },
            { "secret-token:conductorone.com:v2:" + payload, "'v1'" },
            { TestCredentials.SecretPrefix + payload + "==", "base64url" },
            { TestCredentials.SecretPrefix + "not*base64", "base64url" },
            { TestCredentials.SecretFromJwk("{\"kty\":\"OKP\",\"d\":\"" + d + "\""), "JSON" },
            { TestCredentials.SecretFromJwk($$"""{"kty":"RSA","crv":"Ed25519","x":"{{x}}","d":"{{d}}"}"""), "kty" },
            { TestCredentials.SecretFromJwk($$"""{"kty":"OKP","crv":"X25519","x":"{{x}}","d":"{{d}}"}"""), "crv" },
            { TestCredentials.SecretFromJwk($$"""{"kty":"OKP","crv":"Ed25519","x":"{{x}}"}"""), "private part" },
            { TestCredentials.SecretFromJwk($$"""{"kty":"OKP","crv":"Ed25519","x":"{{x}}","d":"{{x[..10]}}"}"""), "private part" },
            { TestCredentials.SecretFromJwk($$"""{"kty":"OKP","crv":"Ed25519","x":"{{otherX}}","d":"{{d}}"}"""), "(x)" },
        };
    }

    [Theory]
    [MemberData(nameof(MalformedSecrets))]
    public void Parse_MalformedSecret_ThrowsNamingTheBadPartWithoutLeakingIt(string value, string expectedFragment)
    {
        var error = Assert.Throws<ServiceConfigurationException>(() => C1ClientSecret.Parse(value));

        Assert.Contains("client secret", error.Message, StringComparison.Ordinal);
        Assert.Contains(expectedFragment, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain(Base64Url.EncodeToString(Credentials.Seed), error.Message, StringComparison.Ordinal);
        if (value.Length > TestCredentials.SecretPrefix.Length)
        {
            Assert.DoesNotContain(value[TestCredentials.SecretPrefix.Length..], error.Message, StringComparison.Ordinal);
        }

        Assert.Null(error.InnerException);
    }

    [Fact]
    public void ServiceCredentialsParse_BadSecret_ReportsSecretNotId()
    {
        var error = Assert.Throws<ServiceConfigurationException>(() => ServiceCredentials.Parse(TestCredentials.ClientId, "secret-token:x"));

        Assert.Contains("BATON_CLIENT_SECRET", error.Message, StringComparison.Ordinal);
    }
}
