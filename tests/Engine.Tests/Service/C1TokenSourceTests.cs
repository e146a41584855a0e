using BatonClerk.Engine.Service;
using BatonClerk.Engine.Tests.Service.Fakes;
using Grpc.Core;

namespace BatonClerk.Engine.Tests.Service;

public sealed class C1TokenSourceTests
{
    [Fact]
    public async Task GetAuthorizationAsync_WithinLifetime_ReusesCachedToken()
    {
        await using var server = await FakeC1Server.StartAsync();
        server.State.TokenExpiresIn = 60;
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        using var tokens = CreateSource(server, clock, out var http);
        using (http)
        {
            var first = await tokens.GetAuthorizationAsync(CancellationToken.None);
            clock.Advance(TimeSpan.FromSeconds(49));
            var second = await tokens.GetAuthorizationAsync(CancellationToken.None);

            Assert.StartsWith("Bearer ", first, StringComparison.Ordinal);
            Assert.Equal(first, second);
            Assert.Equal(1, server.State.TokenRequests);
        }
    }

    [Fact]
    public async Task GetAuthorizationAsync_TenSecondsBeforeExpiry_FetchesNewToken()
    {
        await using var server = await FakeC1Server.StartAsync();
        server.State.TokenExpiresIn = 60;
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        using var tokens = CreateSource(server, clock, out var http);
        using (http)
        {
            var first = await tokens.GetAuthorizationAsync(CancellationToken.None);
            clock.Advance(TimeSpan.FromSeconds(50));
            var second = await tokens.GetAuthorizationAsync(CancellationToken.None);

            Assert.NotEqual(first, second);
            Assert.Equal(2, server.State.TokenRequests);
            Assert.Empty(server.State.Errors);
        }
    }

    [Fact]
    public async Task GetAuthorizationAsync_ConcurrentCallers_FetchOnce()
    {
        await using var server = await FakeC1Server.StartAsync();
        using var tokens = CreateSource(server, TimeProvider.System, out var http);
        using (http)
        {
            var all = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => tokens.GetAuthorizationAsync(CancellationToken.None).AsTask()));

            Assert.Single(all.Distinct());
            Assert.Equal(1, server.State.TokenRequests);
        }
    }

    [Fact]
    public async Task GetAuthorizationAsync_EndpointReturns401_ThrowsUnauthenticated()
    {
        await using var server = await FakeC1Server.StartAsync();
        server.State.RejectTokens = true;
        using var tokens = CreateSource(server, TimeProvider.System, out var http);
        using (http)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => tokens.GetAuthorizationAsync(CancellationToken.None).AsTask());

            Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        }
    }

    private static C1TokenSource CreateSource(FakeC1Server server, TimeProvider time, out HttpClient http)
    {
        var options = server.CreateOptions(Path.GetTempPath());
        http = new HttpClient(C1HttpHandlers.Create(options));
        return new C1TokenSource(ServiceCredentials.Parse(options.ClientId, options.ClientSecret), new Uri($"https://{server.ApiHost}/"), http, time, options.TokenRefreshSkew);
    }
}
