using BatonClerk.Simulator;

namespace BatonClerk.Engine.Tests.Simulator;

/// <summary>One read-only simulator shared by the paging tests; nothing may mutate it or change its knobs.</summary>
public sealed class SimulatorFixture : IDisposable
{
    public SimulatorFixture() =>
        Simulator = ClerkSimulator.Start(new SimulatorOptions
        {
            DatasetOptions = new SimDatasetOptions { Users = 1234, Organizations = 40, Seed = 11 },
        });

    public ClerkSimulator Simulator { get; }

    public void Dispose() => Simulator.Dispose();
}
