using System.Globalization;
using System.Net;

namespace BatonClerk.Engine.Fleet;

/// <summary>
/// Akka.Management cluster bootstrap instead of static seed nodes: each node serves Akka's bootstrap route on
/// <see cref="ManagementPort"/>, finds the others through <see cref="Discovery"/>, and the node with the lowest
/// address forms the cluster once <see cref="FleetNodeOptions.MinimumMembers"/> contact points have answered.
/// </summary>
public sealed class FleetBootstrapOptions
{
    /// <summary>Akka.Management's conventional port.</summary>
    public const int DefaultManagementPort = 8558;

    /// <summary>The service looked up (Kubernetes: the pods' <c>app</c> label).</summary>
    public const string DefaultServiceName = "baton-clerk";

    public FleetDiscovery Discovery { get; init; } = FleetDiscovery.Config;

    /// <summary>Where this node serves <c>/bootstrap/seed-nodes</c>; every node of a fleet uses the same port outside tests.</summary>
    public int ManagementPort { get; init; } = DefaultManagementPort;

    /// <summary><c>host:port</c> of every node's bootstrap endpoint (<see cref="FleetDiscovery.Config"/> only).</summary>
    public IReadOnlyList<string> ContactPoints { get; init; } = [];

    public string ServiceName { get; init; } = DefaultServiceName;

    /// <summary>Why these options cannot bootstrap a node, or null.</summary>
    public string? Problem()
    {
        if (ManagementPort is < 1 or > 65535)
        {
            return $"management port {ManagementPort.ToString(CultureInfo.InvariantCulture)} is not between 1 and 65535";
        }

        if (string.IsNullOrWhiteSpace(ServiceName))
        {
            return "the service name is empty";
        }

        return Discovery switch
        {
            FleetDiscovery.Config when ContactPoints.Count == 0 => "config discovery needs the contact points (host:port of every node's bootstrap endpoint)",
            FleetDiscovery.Config => ContactPoints.Select(FleetNodeOptions.SeedProblem).FirstOrDefault(p => p is not null),
            FleetDiscovery.Kubernetes when ContactPoints.Count > 0 => "contact points are for config discovery; Kubernetes discovery finds the pods itself",
            _ => null,
        };
    }

    /// <summary>
    /// The address the bootstrap endpoint listens on: only the loopback address itself when the node's host name is
    /// one (tests, one machine), every interface otherwise (other nodes reach it by the pod IP or DNS name they
    /// discovered).
    /// </summary>
    internal string ListenerPrefix(string hostName) =>
        IPAddress.TryParse(hostName, out var ip) && IPAddress.IsLoopback(ip)
            ? $"http://{hostName}:{ManagementPort.ToString(CultureInfo.InvariantCulture)}/"
            : $"http://+:{ManagementPort.ToString(CultureInfo.InvariantCulture)}/";

    internal Uri SelfContactPoint(string hostName) => new($"http://{hostName}:{ManagementPort.ToString(CultureInfo.InvariantCulture)}/");

    internal string Hocon(int requiredContactPoints, TimeSpan stableMargin)
    {
        var method = Discovery == FleetDiscovery.Kubernetes ? "kubernetes-api" : "config";
        var endpoints = string.Join(", ", ContactPoints.Select(c => Quote(c.Trim())));
        return $$"""
            akka.management.cluster.bootstrap {
              new-cluster-enabled = on
              contact-point-discovery {
                service-name = {{Quote(ServiceName)}}
                discovery-method = {{method}}
                required-contact-point-nr = {{requiredContactPoints.ToString(CultureInfo.InvariantCulture)}}
                stable-margin = {{((int)stableMargin.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)}}ms
                contact-with-all-contact-points = true
              }
              contact-point {
                fallback-port = {{ManagementPort.ToString(CultureInfo.InvariantCulture)}}
                # Config discovery may list several nodes on one host (one machine, tests) with their own ports.
                filter-on-fallback-port = false
              }
            }
            akka.discovery.config.services.{{Quote(ServiceName)}}.endpoints = [{{endpoints}}]
            """;
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
