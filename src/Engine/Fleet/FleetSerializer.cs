using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Serialization;

namespace BatonClerk.Engine.Fleet;

/// <summary>
/// The declared serializer of every fleet message, so none falls back to Akka's default JSON serializer. A message
/// is its manifest letter plus the registration name (UTF-8); nothing else is ever sent.
/// </summary>
internal sealed class FleetSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Akka's serializer id: unique in the system, above the range Akka reserves for itself.</summary>
    public const int Id = 7211;

    public const string Hocon = """
        akka.actor {
          serializers.baton-fleet = "BatonClerk.Engine.Fleet.FleetSerializer, BatonClerk.Engine"
          serialization-bindings {
            "BatonClerk.Engine.Fleet.WakeRegistration, BatonClerk.Engine" = baton-fleet
            "BatonClerk.Engine.Fleet.GetRegistrationStatus, BatonClerk.Engine" = baton-fleet
            "BatonClerk.Engine.Fleet.RegistrationStatus, BatonClerk.Engine" = baton-fleet
            "BatonClerk.Engine.Fleet.StopRegistration, BatonClerk.Engine" = baton-fleet
          }
        }
        """;

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        WakeRegistration => "W",
        GetRegistrationStatus => "Q",
        RegistrationStatus => "R",
        StopRegistration => "S",
        _ => throw new ArgumentException($"not a fleet message: {o.GetType().Name}", nameof(o)),
    };

    public override byte[] ToBinary(object obj) => obj switch
    {
        WakeRegistration m => Encoding.UTF8.GetBytes(m.Name),
        GetRegistrationStatus m => Encoding.UTF8.GetBytes(m.Name),
        RegistrationStatus m => Pack(m.Name, m.HostId, m.Running ? "1" : "0"),
        StopRegistration => [],
        _ => throw new ArgumentException($"not a fleet message: {obj.GetType().Name}", nameof(obj)),
    };

    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        "W" => new WakeRegistration(Encoding.UTF8.GetString(bytes)),
        "Q" => new GetRegistrationStatus(Encoding.UTF8.GetString(bytes)),
        "R" => Unpack(bytes) is [var name, var host, var running] ? new RegistrationStatus(name, host, running == "1")
            : throw new SerializationException("a RegistrationStatus needs three fields"),
        "S" => StopRegistration.Instance,
        _ => throw new SerializationException($"unknown fleet manifest {manifest}"),
    };

    // Fields joined by NUL, which neither a registration name nor a host id may hold.
    private static byte[] Pack(params string[] fields) => Encoding.UTF8.GetBytes(string.Join('\0', fields));

    private static string[] Unpack(byte[] bytes) => Encoding.UTF8.GetString(bytes).Split('\0');
}
