using System.Net;
using System.Net.Sockets;
using BatonClerk.Engine.Service;
using BatonClerk.Host.Commands;

namespace BatonClerk.Engine.Tests.Service;

public sealed class HealthServerTests
{
    [Fact]
    public async Task Endpoints_LiveButNotReady_ReportEachState()
    {
        var health = new ServiceHealth();
        var options = new HealthServerOptions { Port = FreePort() };
        await using var server = new HealthServer(options, health);
        server.Start();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{options.Port}") };

        var live = await http.GetAsync(new Uri("/live", UriKind.Relative));
        var notReady = await http.GetAsync(new Uri("/ready", UriKind.Relative));
        health.SetReady(true);
        var ready = await http.GetAsync(new Uri("/ready", UriKind.Relative));
        var overall = await http.GetAsync(new Uri("/health", UriKind.Relative));
        var unknown = await http.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("application/json", live.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"ok\"", await live.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, overall.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task CheckAsync_ServerUpOrDown_ReportsHealthiness()
    {
        var health = new ServiceHealth();
        var options = new HealthServerOptions { Port = FreePort() };
        var client = new HealthCheckClient(options);

        Assert.False(await client.CheckAsync(HealthEndpoint.Live, TimeSpan.FromSeconds(2)));
        await using (var server = new HealthServer(options, health))
        {
            server.Start();
            Assert.True(await client.CheckAsync(HealthEndpoint.Live, TimeSpan.FromSeconds(2)));
            Assert.False(await client.CheckAsync(HealthEndpoint.Ready, TimeSpan.FromSeconds(2)));
        }
    }

    [Fact]
    public async Task HealthCheckCommand_ReadyAndNotReady_ExitsZeroOrOne()
    {
        var health = new ServiceHealth();
        var port = FreePort();
        await using var server = new HealthServer(new HealthServerOptions { Port = port }, health);
        server.Start();
        string[] args = ["health-check", "--endpoint", "ready", "--timeout", "2", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)];

        var notReady = await CommandLineApp.Build().Parse(args).InvokeAsync();
        health.SetReady(true);
        var ready = await CommandLineApp.Build().Parse(args).InvokeAsync();

        Assert.Equal(1, notReady);
        Assert.Equal(0, ready);
    }

    [Fact]
    public void Validate_PortOutOfRange_Throws()
    {
        Assert.Throws<ServiceConfigurationException>(() => new HealthServerOptions { Port = 70000 }.Validate());
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
