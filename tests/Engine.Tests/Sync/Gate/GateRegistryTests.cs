using Akka.Actor;
using Akka.TestKit.Xunit2;
using BatonClerk.Engine.Sync;
using BatonClerk.Engine.Sync.Gate;

namespace BatonClerk.Engine.Tests.Sync.Gate;

public sealed class GateRegistryTests() : TestKit("akka.loglevel = WARNING")
{
    private static readonly SyncSettings Settings = new() { Budget = new RateBudget(10, TimeSpan.FromSeconds(10)) };

    [Fact]
    public void For_SameKeyTwice_ReturnsTheSameGate()
    {
        var registry = GateRegistry.Of(Sys);

        var first = registry.For("sk_test_one", Settings);
        var second = GateRegistry.Of(Sys).For("sk_test_one", Settings with { Budget = new RateBudget(99, TimeSpan.FromSeconds(10)) });

        Assert.Equal(first, second);
        Assert.Equal(1, registry.Count);
    }

    [Fact]
    public void For_OtherKey_ReturnsAnotherGate()
    {
        var registry = GateRegistry.Of(Sys);

        Assert.NotEqual(registry.For("sk_test_one", Settings), registry.For("sk_test_two", Settings));
    }

    [Fact]
    public void For_GateName_NeverContainsTheKey()
    {
        var gate = GateRegistry.Of(Sys).For("sk_test_secretvalue", Settings);

        Assert.DoesNotContain("secretvalue", gate.Path.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Of_OtherActorSystem_HasItsOwnGates()
    {
        using var other = ActorSystem.Create("other-registry", "akka.loglevel = WARNING");

        Assert.NotSame(GateRegistry.Of(Sys), GateRegistry.Of(other));
        Assert.Same(GateRegistry.Of(other), GateRegistry.Of(other));
        await other.Terminate();
    }
}
