using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.Service;
using BatonClerk.Engine.Sync;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatonClerk.Engine.Fleet;

/// <summary>What a node gives every registration entity it runs: how to build its service options, and its logging.</summary>
public sealed class FleetRuntime
{
    /// <summary>The registration's service-mode options; the node's host id and C1 API host go in here.</summary>
    public required Func<FleetConnector, ServiceOptions> ServiceOptions { get; init; }

    public required ConnectorMetadata Metadata { get; init; }

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Called after each finished sync with the registration's name (the host logs the summary).</summary>
    public Action<FleetConnector, SyncSummary>? OnSyncFinished { get; init; }

    /// <summary>Registrations' resume and working files go under this directory, one folder per registration.</summary>
    public string WorkingDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "baton-clerk-fleet");

    /// <summary>The node's service options for a registration: its credentials, everything else from the environment.</summary>
    public static Func<FleetConnector, ServiceOptions> FromEnvironment(Func<string, string?> environment) => connector =>
    {
        var node = Service.ServiceOptions.FromEnvironment(environment);
        return new ServiceOptions
        {
            ClientId = connector.ClientId,
            ClientSecret = connector.ClientSecret,
            ApiHost = node.ApiHost,
            HostId = node.HostId,
            TempDirectory = node.TempDirectory,
            TaskConcurrency = node.TaskConcurrency,
        };
    };
}
