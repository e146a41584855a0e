using System.Globalization;
using BatonClerk.Engine.Tests.Service.Fakes;
using BatonClerk.Engine.Tests.Support;

namespace BatonClerk.Engine.Tests.Host;

/// <summary>The executable in service mode: SIGTERM goes through CoordinatedShutdown and ends with exit 0.</summary>
public sealed class ServiceModeProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("baton-clerk-svc-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public async Task ServiceMode_Sigterm_StopsGracefullyWithExitZero()
    {
        var credentials = TestCredentials.Create();
        var env = new Dictionary<string, string>
        {
            ["BATON_SECRET_KEY"] = "sk_test_servicemode",
            ["BATON_CLIENT_ID"] = TestCredentials.ClientId,
            ["BATON_CLIENT_SECRET"] = credentials.Secret,
            // Nothing listens on the discard port: Hello keeps failing and backing off until the signal.
            ["BATON_C1_API_HOST"] = "127.0.0.1:9",
        };
        using var process = HostProcess.Start(["--log-format", "console"], env, _dir);
        var stderr = new System.Text.StringBuilder();
        var reading = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                lock (stderr)
                {
                    stderr.AppendLine(line);
                }
            }
        });
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Snapshot(stderr).Contains("Hello failed", StringComparison.Ordinal) && DateTime.UtcNow < deadline && !process.HasExited)
        {
            await Task.Delay(50);
        }

        Assert.False(process.HasExited, Snapshot(stderr));
        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(timeout.Token);
        await reading;

        Assert.Equal(0, process.ExitCode);
        var log = Snapshot(stderr);
        Assert.Contains("Service mode stopped", log, StringComparison.Ordinal);
        Assert.DoesNotContain(credentials.Secret[TestCredentials.SecretPrefix.Length..], log, StringComparison.Ordinal);
        Assert.DoesNotContain("sk_test_servicemode", log, StringComparison.Ordinal);
    }

    private static string Snapshot(System.Text.StringBuilder builder)
    {
        lock (builder)
        {
            return builder.ToString();
        }
    }
}
