using System.Globalization;
using System.Text;
using BatonClerk.Engine.Fleet;
using BatonClerk.Engine.Service;
using BatonClerk.Engine.Tests.Service.Fakes;
using BatonClerk.Simulator;

namespace BatonClerk.Engine.Tests.Fleet;

/// <summary>
/// Clerk simulators (one per key, each with its own rate limit), one fake C1 per registration, and the fleet file
/// describing them. Registrations share a simulator when they share its key.
/// </summary>
internal sealed class FleetFixture : IAsyncDisposable
{
    /// <summary>Requests per 10 s each key may spend (and the simulator's own limit, so a breach would be a 429).</summary>
    public const int Budget = 20;

    private FleetFixture(IReadOnlyList<ClerkSimulator> sims, IReadOnlyList<Registration> registrations, string temp)
    {
        Simulators = sims;
        Registrations = registrations;
        TempDirectory = temp;
    }

    public IReadOnlyList<ClerkSimulator> Simulators { get; }

    public IReadOnlyList<Registration> Registrations { get; }

    public string TempDirectory { get; }

    public sealed record Registration(string Name, ClerkSimulator Simulator, FakeC1Server C1);

    /// <param name="keys">For each registration, the index of its simulator (its Clerk key).</param>
    public static async Task<FleetFixture> StartAsync(int simulators, int[] keys, int users = 30)
    {
        var sims = Enumerable.Range(0, simulators).Select(_ => ClerkSimulator.Start(new SimulatorOptions
        {
            DatasetOptions = new SimDatasetOptions { Users = users, Organizations = 3 },
            RateLimit = SimRateLimit.PerTenSeconds(Budget),
        })).ToList();
        var registrations = new List<Registration>();
        for (var i = 0; i < keys.Length; i++)
        {
            var c1 = await FakeC1Server.StartAsync();
            c1.State.NextPoll = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromMilliseconds(200));
            registrations.Add(new Registration($"reg-{i}", sims[keys[i]], c1));
        }

        return new FleetFixture(sims, registrations, Directory.CreateTempSubdirectory("baton-clerk-fleet-").FullName);
    }

    /// <summary>The fleet file; secrets are env: references resolved through <see cref="Environment"/>.</summary>
    public string Yaml()
    {
        var yaml = new StringBuilder("connectors:\n");
        foreach (var r in Registrations)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"""
                  - name: {r.Name}
                    client-id: {TestCredentials.ClientId}
                    client-secret: env:SECRET_{Env(r.Name)}
                    secret-key: env:KEY_{Env(r.Name)}
                    clerk-api-url: {r.Simulator.BaseUrl}
                    requests-per-second: {Budget / 10.0}
                    c1-api-host: {r.C1.ApiHost}

                """);
        }

        return yaml.ToString();
    }

    public IDictionary<string, string> Environment() =>
        Registrations.SelectMany(r => new[]
        {
            KeyValuePair.Create("SECRET_" + Env(r.Name), r.C1.Credentials.Secret),
            KeyValuePair.Create("KEY_" + Env(r.Name), r.Simulator.SecretKey),
        }).ToDictionary();

    public FleetConfig Config() => FleetConfig.Parse(Yaml(), name => Environment().TryGetValue(name, out var v) ? v : null);

    /// <summary>A node's runtime: each registration's options point at its own fake C1, with test-sized intervals.</summary>
    public FleetRuntime Runtime(string hostId) => new()
    {
        Metadata = ServiceHarness.Metadata(),
        WorkingDirectory = Path.Combine(TempDirectory, hostId),
        ServiceOptions = connector =>
        {
            var o = Registrations.Single(r => r.Name == connector.Name).C1.CreateOptions(Path.Combine(TempDirectory, hostId, "tmp"), taskConcurrency: 1);
            Directory.CreateDirectory(o.TempDirectory);
            return new ServiceOptions
            {
                ClientId = connector.ClientId,
                ClientSecret = connector.ClientSecret,
                ApiHost = o.ApiHost,
                HostId = hostId,
                TempDirectory = o.TempDirectory,
                ServerCertificateValidation = o.ServerCertificateValidation,
                DefaultHeartbeatInterval = o.DefaultHeartbeatInterval,
                MinHeartbeatInterval = o.MinHeartbeatInterval,
                DefaultPollInterval = TimeSpan.FromMilliseconds(100),
                PollErrorBackoffUnit = o.PollErrorBackoffUnit,
                PollErrorBackoffMax = o.PollErrorBackoffMax,
                HelloInitialBackoff = o.HelloInitialBackoff,
                HelloMaxBackoff = o.HelloMaxBackoff,
                UploadRetryDelay = o.UploadRetryDelay,
                FinishTaskTimeout = o.FinishTaskTimeout,
                TaskConcurrency = 1,
            };
        },
    };

    /// <summary>The most requests one simulator saw in any 10 s span.</summary>
    public static int BusiestWindow(ClerkSimulator sim)
    {
        var sorted = sim.RequestLog.Entries.Select(e => e.Timestamp).Order().ToList();
        var max = 0;
        var start = 0;
        for (var end = 0; end < sorted.Count; end++)
        {
            while (sorted[end] - sorted[start] >= TimeSpan.FromSeconds(10))
            {
                start++;
            }

            max = Math.Max(max, end - start + 1);
        }

        return max;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var r in Registrations)
        {
            await r.C1.DisposeAsync();
        }

        foreach (var s in Simulators)
        {
            s.Dispose();
        }

        try
        {
            Directory.Delete(TempDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Env(string name) => name.Replace('-', '_').ToUpperInvariant();
}
