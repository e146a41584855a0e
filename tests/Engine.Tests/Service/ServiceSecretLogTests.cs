using System.Collections.Concurrent;
using BatonClerk.Engine.Tests.Service.Fakes;
using Microsoft.Extensions.Logging;

namespace BatonClerk.Engine.Tests.Service;

/// <summary>Service mode at the most verbose level: neither the client secret nor an access token is ever logged.</summary>
public sealed class ServiceSecretLogTests
{
    private sealed class CapturingLoggerProvider : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(formatter(state, exception) + " " + state + " " + exception);

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task RunAsync_SuccessAndFailure_NoSecretOrTokenInAnyLogLine()
    {
        await using var harness = await ServiceHarness.StartServerAsync();
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        harness.State.Enqueue(ServiceHarness.SyncFullTask());
        harness.State.Enqueue(ServiceHarness.SyncFullTask());
        var calls = 0;
        var job = new DelegateSyncJob(async (path, ct) =>
        {
            if (Interlocked.Increment(ref calls) == 2)
            {
                throw new InvalidOperationException("the second sync fails");
            }

            await DelegateSyncJob.WritingFile(10_000, _ => { }).RunAsync(path, ct);
        });

        _ = harness.StartRunner(job, loggerFactory: factory);
        var finishes = new[] { await harness.NextFinishAsync(), await harness.NextFinishAsync() };

        // With task slots the failing sync may well finish first.
        Assert.Single(finishes, f => f.Success is not null);
        Assert.Single(finishes, f => f.Error is not null);

        Assert.NotEmpty(logs.Lines);
        Assert.NotEmpty(harness.State.IssuedTokens);
        var secret = harness.Server.Credentials.Secret[TestCredentials.SecretPrefix.Length..];
        foreach (var line in logs.Lines)
        {
            Assert.DoesNotContain(secret, line, StringComparison.Ordinal);
            foreach (var token in harness.State.IssuedTokens)
            {
                Assert.DoesNotContain(token, line, StringComparison.Ordinal);
            }
        }
    }
}
