using System.CommandLine;
using BatonClerk.Engine.Baton;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.Mapping;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace BatonClerk.Host.Commands;

/// <summary>
/// Prints what the connector can do as baton-sdk does (protojson of an Any holding ConnectorCapabilities, resource
/// types sorted by id, Go's two-space layout): sync only, every resource type opt-in.
/// </summary>
public static class CapabilitiesCommand
{
    public static Command Create()
    {
        var command = new Command("capabilities", "Print the connector's capabilities as JSON");
        var provisioning = new Option<bool>("--provisioning", "-p") { Description = "Show the capabilities with provisioning enabled" };
        command.Options.Add(provisioning);
        command.SetAction(parse =>
        {
            Console.Out.Write(Render(ProvisionCommand.ProvisioningEnabled(provisioning, parse, Environment.GetEnvironmentVariable)));
            return 0;
        });
        return command;
    }

    /// <summary>Sync for every type; with provisioning, also grant and revoke of organization entitlements.</summary>
    public static ConnectorCapabilities Capabilities(bool provisioning = false)
    {
        var capabilities = new ConnectorCapabilities();
        capabilities.ConnectorCapabilities_.Add(Capability.Sync);
        if (provisioning)
        {
            capabilities.ConnectorCapabilities_.Add(Capability.Provision);
        }

        foreach (var type in ResourceTypes.All.OrderBy(t => t.Id, StringComparer.Ordinal))
        {
            var entry = new ResourceTypeCapability { ResourceType = type, OptInRequired = true };
            entry.Capabilities.Add(Capability.Sync);
            if (provisioning && type.Id == ResourceTypes.OrganizationId)
            {
                entry.Capabilities.Add(Capability.Provision);
            }

            capabilities.ResourceTypeCapabilities.Add(entry);
        }

        return capabilities;
    }

    public static string Render(bool provisioning = false)
    {
        var registry = TypeRegistry.FromMessages(ConnectorCapabilities.Descriptor, SkipEntitlementsAndGrants.Descriptor);
        var formatter = new JsonFormatter(JsonFormatter.Settings.Default.WithTypeRegistry(registry));
        return JsonLayout.Indent(formatter.Format(Annotations.Pack(Capabilities(provisioning))), escapeHtml: false);
    }
}
