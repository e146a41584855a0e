using BatonClerk.Engine.Tests.Support;
using BatonClerk.Simulator;

namespace BatonClerk.Engine.Tests.Faults;

/// <summary>
/// Shared set-up of the end-to-end fault suite: the real executable against an in-process simulator, one temporary
/// directory per test. Every case ends in the exact c1z or in exit 1 with one error line and no file.
/// </summary>
public abstract class FaultSuite : IDisposable
{
    protected FaultSuite()
    {
        Dir = Directory.CreateTempSubdirectory("baton-clerk-faults-").FullName;
        File = Path.Combine(Dir, "out.c1z");
    }

    protected string Dir { get; }

    protected string File { get; }

    public void Dispose()
    {
        Directory.Delete(Dir, true);
        GC.SuppressFinalize(this);
    }

    protected static ClerkSimulator Simulator(int users = 600, int orgs = 12, int seed = 11) => ClerkSimulator.Start(new SimulatorOptions
    {
        DatasetOptions = new SimDatasetOptions { Users = users, Organizations = orgs, Seed = seed },
    });

    private protected Task<HostProcess.Result> Sync(ClerkSimulator sim, params string[] extra) =>
        HostProcess.RunAsync(
            ["--clerk-api-url", sim.BaseUrl, "-f", File, "--requests-per-second", "1000", "--log-level", "debug", "--log-format", "json", .. extra],
            new Dictionary<string, string> { ["BATON_SECRET_KEY"] = sim.SecretKey },
            Dir);

    protected static int Injected(ClerkSimulator sim, SimFaultKind kind) =>
        sim.RequestLog.Entries.Count(e => e.Fault == kind.ToString());

    private protected static void Succeeded(HostProcess.Result r) => Assert.True(r.ExitCode == 0, r.StdErr);
}
