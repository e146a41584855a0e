using BatonClerk.Engine.Clerk;

namespace BatonClerk.Engine.Tests.Clerk;

public sealed class ClerkClientOptionsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:4010")]
    [InlineData("http://127.5.6.7:4010/v1")]
    [InlineData("http://localhost:8080/v1")]
    [InlineData("http://[::1]:4010")]
    [InlineData("https://api.clerk.com/v1")]
    [InlineData("https://clerk.example.com/v1/")]
    public void Validate_HttpsOrLoopbackHttp_IsAccepted(string url)
    {
        var baseUrl = new ClerkClientOptions { SecretKey = "sk_test_x", BaseUrl = url }.Validate();

        Assert.False(baseUrl.EndsWith('/'));
        Assert.StartsWith(url.TrimEnd('/'), baseUrl, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://api.clerk.com/v1")]
    [InlineData("http://10.0.0.5:4010")]
    [InlineData("http://128.0.0.1")]
    [InlineData("http://localhost.evil.com")]
    public void Validate_PlainHttpToRemoteHost_ThrowsNamingTheRule(string url)
    {
        var e = Assert.Throws<ArgumentException>(() => new ClerkClientOptions { SecretKey = "sk_test_x", BaseUrl = url }.Validate());

        Assert.Contains("https is required except for loopback", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://api.clerk.com")]
    [InlineData("not a url")]
    [InlineData("")]
    [InlineData("https://api.clerk.com/v1?x=1")]
    public void Validate_BadBaseUrl_Throws(string url) =>
        Assert.Throws<ArgumentException>(() => new ClerkClientOptions { SecretKey = "sk_test_x", BaseUrl = url }.Validate());

    [Fact]
    public void Validate_MissingKey_ThrowsClearMessage()
    {
        var e = Assert.Throws<ArgumentException>(() => new ClerkClientOptions().Validate());

        Assert.Contains("SecretKey is required", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_KeyWithNewline_ThrowsWithoutEchoingKey()
    {
        var e = Assert.Throws<ArgumentException>(() => new ClerkClientOptions { SecretKey = "sk_test_abc\ndef" }.Validate());

        Assert.DoesNotContain("sk_test_abc", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NonPositiveTimeout_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new ClerkClientOptions { SecretKey = "sk_test_x", AttemptTimeout = TimeSpan.Zero }.Validate());

    [Fact]
    public void Validate_NegativeRetries_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new ClerkClientOptions { SecretKey = "sk_test_x", MaxRetryAttempts = -1 }.Validate());

    [Fact]
    public void Defaults_MatchClerkProduction()
    {
        var options = new ClerkClientOptions();

        Assert.Equal("https://api.clerk.com/v1", options.BaseUrl);
        Assert.Equal(TimeSpan.FromSeconds(30), options.AttemptTimeout);
        Assert.Equal(4, options.MaxRetryAttempts);
    }

    [Fact]
    public void ToString_OfOptionsAndClient_NeverShowsKey()
    {
        var options = new ClerkClientOptions { SecretKey = "sk_live_topsecret", BaseUrl = "https://api.clerk.com/v1" };
        using var client = new ClerkClient(options);

        Assert.DoesNotContain("topsecret", options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("topsecret", client.ToString(), StringComparison.Ordinal);
    }
}
