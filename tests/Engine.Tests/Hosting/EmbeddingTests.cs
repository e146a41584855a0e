using BatonClerk.Engine.C1z;
using BatonClerk.Engine.Hosting;
using BatonClerk.Engine.Sync;
using BatonClerk.Simulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BatonClerk.Engine.Tests.Hosting;

/// <summary>The README's embedding example, built with a plain HostBuilder against the simulator.</summary>
public sealed class EmbeddingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("baton-clerk-embed-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public async Task AddClerkSync_ReadmeExample_SyncsToFileAndStreamWithProgress()
    {
        using var sim = ClerkSimulator.Start(new SimulatorOptions { DatasetOptions = new SimDatasetOptions { Users = 700, Organizations = 20 } });

        // --- as in README.md ---
        using var host = new HostBuilder()
            .ConfigureServices(services => services.AddClerkSync(new ClerkSyncOptions
            {
                SecretKey = sim.SecretKey,
                ApiUrl = sim.BaseUrl,
            }))
            .Build();
        await host.StartAsync();
        var clerk = host.Services.GetRequiredService<IClerkSync>();
        var events = new List<SyncProgress>();
        var summary = await clerk.SyncToFileAsync(Path.Combine(_dir, "clerk.c1z"), new Progress<SyncProgress>(events.Add));
        // --- end ---

        Assert.Equal(700, summary.Items.Users);
        using (var reader = C1zReader.Open(summary.OutputPath!))
        {
            Assert.Equal(700 + 20 + sim.Dataset.Roles.Count + sim.Dataset.Permissions.Count, reader.Resources().Count);
        }

        using var buffer = new MemoryStream();
        var second = await clerk.SyncToStreamAsync(buffer);
        Assert.Equal(summary.Grants, second.Grants);
        Assert.Equal("C1ZF\0"u8.ToArray(), buffer.ToArray()[..5]);
        await Task.Delay(200);
        Assert.NotEmpty(events);
        await host.StopAsync();
    }

    [Fact]
    public async Task AddClerkSync_HostLogging_ReceivesEngineLogsAndNothingGoesToStdout()
    {
        using var sim = ClerkSimulator.Start(new SimulatorOptions { DatasetOptions = new SimDatasetOptions { Users = 300, Organizations = 5 } });
        var captured = new CapturingLoggerProvider();
        var stdout = new StringWriter();
        var original = Console.Out;
        Console.SetOut(stdout);
        try
        {
            using var host = new HostBuilder()
                .ConfigureLogging(logging => logging.ClearProviders().AddProvider(captured).SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Information))
                .ConfigureServices(services => services.AddClerkSync(new ClerkSyncOptions { SecretKey = sim.SecretKey, ApiUrl = sim.BaseUrl }))
                .Build();
            await host.StartAsync();
            await host.Services.GetRequiredService<IClerkSync>().SyncToFileAsync(Path.Combine(_dir, "logged.c1z"));
            await Task.Delay(300);
            await host.StopAsync();
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.Contains(captured.Lines, l => l.Message.Contains("Sync started", StringComparison.Ordinal));
        Assert.Contains(captured.Lines, l => l.Message.Contains("Pager users finished", StringComparison.Ordinal));
        // Other test classes run their own actor systems in this process meanwhile; only this host's system is ours.
        Assert.DoesNotContain("akka://baton-clerk/user", stdout.ToString(), StringComparison.Ordinal);
        // Scoped to this host's system too: another class's sync may log its own start to the shared stdout meanwhile.
        Assert.DoesNotContain(stdout.ToString().Split('\n'), l => l.Contains("Sync started", StringComparison.Ordinal) && l.Contains("akka://baton-clerk/", StringComparison.Ordinal));
        Assert.DoesNotContain(captured.Lines, l => l.Message.Contains(sim.SecretKey, StringComparison.Ordinal));
    }

    private sealed class CapturingLoggerProvider : Microsoft.Extensions.Logging.ILoggerProvider
    {
        public System.Collections.Concurrent.ConcurrentQueue<(string Category, string Message)> Lines { get; } = new();

        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider provider, string category) : Microsoft.Extensions.Logging.ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

            public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                provider.Lines.Enqueue((category, formatter(state, exception)));
        }
    }

    [Fact]
    public void AddClerkSync_InvalidKey_FailsAtRegistrationWithAClearMessage()
    {
        var services = new ServiceCollection();
        var error = Assert.Throws<ArgumentException>(() => services.AddClerkSync(new ClerkSyncOptions { SecretKey = "nope" }));
        Assert.Contains("sk_live_", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncToFileAsync_Cancelled_ThrowsAndWritesNothing()
    {
        using var sim = ClerkSimulator.Start(new SimulatorOptions
        {
            DatasetOptions = new SimDatasetOptions { Users = 3000, Organizations = 5 },
            Latency = TimeSpan.FromMilliseconds(200),
        });
        using var host = new HostBuilder()
            .ConfigureServices(s => s.AddClerkSync(new ClerkSyncOptions { SecretKey = sim.SecretKey, ApiUrl = sim.BaseUrl, Parallelism = 1 }))
            .Build();
        await host.StartAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));
        var file = Path.Combine(_dir, "cancelled.c1z");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Services.GetRequiredService<IClerkSync>().SyncToFileAsync(file, null, cts.Token));

        Assert.Empty(Directory.GetFiles(_dir));
        await host.StopAsync();
    }
}
