using BatonClerk.Engine.Baton.V2;

namespace BatonClerk.Host.Commands;

internal static class ConnectorInfo
{
    public const string DisplayName = "Clerk";

    public static ConnectorMetadata Metadata(bool provisioning = false) => new()
    {
        DisplayName = DisplayName,
        Description = "Syncs Clerk users, organizations, organization roles and permissions, and organization memberships.",
        Capabilities = CapabilitiesCommand.Capabilities(provisioning),
    };
}
