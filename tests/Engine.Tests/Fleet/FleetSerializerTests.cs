using Akka.Actor;
using Akka.Configuration;
using BatonClerk.Engine.Fleet;

namespace BatonClerk.Engine.Tests.Fleet;

public sealed class FleetSerializerTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("fleet-serializer", ConfigurationFactory.ParseString(FleetSerializer.Hocon));

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));

    public static TheoryData<object> Messages() =>
    [
        new WakeRegistration("acme-prod"),
        new GetRegistrationStatus("acme-prod"),
        new RegistrationStatus("acme-prod", "node-1", true),
        StopRegistration.Instance,
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void FindSerializerFor_FleetMessage_IsTheDeclaredSerializerAndRoundTrips(object message)
    {
        var serializer = _system.Serialization.FindSerializerFor(message);

        Assert.IsType<FleetSerializer>(serializer);
        var manifest = ((FleetSerializer)serializer).Manifest(message);
        Assert.Equal(message, ((FleetSerializer)serializer).FromBinary(serializer.ToBinary(message), manifest));
    }

    [Fact]
    public void FleetSerializer_EveryFleetMessageType_IsBound()
    {
        // A new message type without a binding would silently go by Akka's default JSON serializer.
        var types = typeof(FleetNode).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(FleetNode).Namespace && !t.IsNested && t.IsSealed
                && t.GetMethod("<Clone>$") is not null && !t.Name.StartsWith("Fleet", StringComparison.Ordinal))
            .ToList();

        // Every top-level record of the namespace that is not configuration is a message.
        Assert.Contains(typeof(WakeRegistration), types);
        Assert.Contains(typeof(StopRegistration), types);
        Assert.All(types, t => Assert.IsType<FleetSerializer>(_system.Serialization.FindSerializerForType(t)));
    }
}
