using System.Globalization;
using BatonClerk.Simulator;

// A standalone fake Clerk for manual runs and benchmarks:
//   dotnet run --project tests/Clerk.Simulator -- --users 10000 --orgs 300 --port 5099 [--latency-ms 100] [--rate-limit 100]
//   [--organizations-disabled true] [--ignore-created-at-filters true] [--reject-deleted-cursor true]
//   [--pre-encoded true]  (benchmarks: users and memberships encoded once at start, so serving costs little CPU)
Dictionary<string, string> args2;
try
{
    args2 = ParseArgs(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine("usage: --users N --orgs N [--memberships N] [--seed N] [--port N] [--latency-ms N] [--jitter-ms N] [--rate-limit N-per-10s] [--secret-key sk_test_…] [--organizations-disabled true] [--ignore-created-at-filters true] [--reject-deleted-cursor true] [--pre-encoded true]");
    return 2;
}

int Int(string name, int fallback) =>
    args2.TryGetValue(name, out var v) ? int.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture) : fallback;

var datasetOptions = new SimDatasetOptions
{
    Users = Int("users", 10_000),
    Organizations = Int("orgs", 300),
    Memberships = args2.ContainsKey("memberships") ? Int("memberships", 0) : null,
    Seed = Int("seed", 1),
};
Console.WriteLine($"generating {datasetOptions.Users} users, {datasetOptions.Organizations} organizations, {datasetOptions.EffectiveMemberships} memberships…");
var rateLimit = Int("rate-limit", 0);
using var simulator = ClerkSimulator.Start(new SimulatorOptions
{
    DatasetOptions = datasetOptions,
    Port = Int("port", 0),
    SecretKey = args2.GetValueOrDefault("secret-key"),
    Latency = TimeSpan.FromMilliseconds(Int("latency-ms", 0)),
    LatencyJitter = TimeSpan.FromMilliseconds(Int("jitter-ms", 0)),
    RateLimit = rateLimit > 0 ? SimRateLimit.PerTenSeconds(rateLimit) : null,
});

bool Flag(string name) => args2.TryGetValue(name, out var v) && bool.Parse(v);
simulator.OrganizationsDisabled = Flag("organizations-disabled");
simulator.IgnoreCreatedAtFilters = Flag("ignore-created-at-filters");
simulator.RejectDeletedCursor = Flag("reject-deleted-cursor");
simulator.PreEncoded = Flag("pre-encoded");
Console.WriteLine($"base url:   {simulator.BaseUrl}");
Console.WriteLine($"secret key: {simulator.SecretKey}");
Console.WriteLine("serving; Ctrl+C or SIGTERM stops");

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM,
    ctx =>
    {
        ctx.Cancel = true;
        stop.Cancel();
    });

try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // The normal way out.
}

Console.WriteLine($"stopped after {simulator.RequestLog.Count} requests");
return 0;

static Dictionary<string, string> ParseArgs(string[] args)
{
    var result = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i < args.Length; i++)
    {
        if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
        {
            throw new ArgumentException($"unexpected argument '{args[i]}'");
        }

        result[args[i][2..]] = args[++i];
    }

    return result;
}
