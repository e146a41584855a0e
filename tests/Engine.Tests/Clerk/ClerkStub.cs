using System.Net;
using System.Net.Sockets;
using BatonClerk.Engine.Clerk;
using WireMock.Logging;
using WireMock.Server;
using WireMock.Settings;

namespace BatonClerk.Engine.Tests.Clerk;

/// <summary>A WireMock server on 127.0.0.1 plus a ClerkClient pointed at it with test-speed retries.</summary>
internal sealed class ClerkStub : IDisposable
{
    public const string Key = "sk_test_stubsecret0123456789";

    public ClerkStub()
    {
        Server = WireMockServer.Start(new WireMockServerSettings
        {
            Urls = [$"http://127.0.0.1:{FreePort()}"],
            Logger = new WireMockNullLogger(),
        });
    }

    public WireMockServer Server { get; }

    public string BaseUrl => Server.Urls[0] + "/v1";

    public CountingGate Gate { get; } = new();

    public ClerkClient Client(int maxRetries = 3, TimeSpan? attemptTimeout = null, TimeProvider? time = null) => new(new ClerkClientOptions
    {
        SecretKey = Key,
        BaseUrl = BaseUrl,
        MaxRetryAttempts = maxRetries,
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        MaxRetryDelay = TimeSpan.FromMilliseconds(5),
        AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(10),
        Gate = Gate,
        TimeProvider = time ?? TimeProvider.System,
    });

    /// <summary>
    /// The logged requests once there are at least <paramref name="expected"/>: WireMock logs an entry only after
    /// the response went out, so the client can return before its request is logged.
    /// </summary>
    public IReadOnlyList<WireMock.Logging.ILogEntry> Logged(int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (Server.LogEntries.Count() < expected && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }

        Thread.Sleep(20);
        return [.. Server.LogEntries];
    }

    public void Dispose()
    {
        Server.Stop();
        Server.Dispose();
    }

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

internal sealed class CountingGate : IRequestGate
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        return ValueTask.CompletedTask;
    }
}

/// <summary>A clock frozen at one instant, for Retry-After dates; timers still run on real time.</summary>
internal sealed class FrozenClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
