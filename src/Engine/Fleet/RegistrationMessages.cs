namespace BatonClerk.Engine.Fleet;

/// <summary>Any message for one registration's entity: the name is all that crosses the wire, never a secret.</summary>
internal interface IRegistrationMessage
{
    string Name { get; }
}

/// <summary>Starts the registration's entity wherever its shard lives, or does nothing if it runs already.</summary>
internal sealed record WakeRegistration(string Name) : IRegistrationMessage;

/// <summary>Asks the entity where it runs; answered with <see cref="RegistrationStatus"/>.</summary>
internal sealed record GetRegistrationStatus(string Name) : IRegistrationMessage;

/// <summary>The node (host id) that holds the registration and whether its service loop is running.</summary>
internal sealed record RegistrationStatus(string Name, string HostId, bool Running);

/// <summary>The shard's hand-off message: stop polling and end the service loop before the shard moves.</summary>
internal sealed record StopRegistration
{
    public static readonly StopRegistration Instance = new();
}
