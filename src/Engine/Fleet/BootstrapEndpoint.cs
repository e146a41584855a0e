using System.Collections.Immutable;
using System.Net;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using BatonClerk.Engine.Service;
using Newtonsoft.Json;
using SeedNodes = Akka.Management.Cluster.Bootstrap.ContactPoint.HttpBootstrapJsonProtocol.SeedNodes;
using ClusterMember = Akka.Management.Cluster.Bootstrap.ContactPoint.HttpBootstrapJsonProtocol.ClusterMember;

namespace BatonClerk.Engine.Fleet;

/// <summary>
/// INTERNAL API. Serves Akka.Management's bootstrap route, <c>GET /bootstrap/seed-nodes</c>, that the other nodes'
/// bootstrap coordinators probe. Akka.Management's own HTTP server cannot start with the Ceen.Httpd the registry
/// serves (its <c>HttpServer.ListenAsync</c> changed), so this node hosts the one route bootstrap needs on an
/// <see cref="HttpListener"/> and answers in Akka's own JSON types, serialized the way Akka's prober reads them.
/// </summary>
internal sealed class BootstrapEndpoint : IAsyncDisposable
{
    internal const string Path = "/bootstrap/seed-nodes";

    private readonly JsonListener _listener;

    public BootstrapEndpoint(ActorSystem system, string listenerPrefix, int maxSeedNodes)
    {
        _listener = new JsonListener(
            listenerPrefix,
            (method, path) => method == "GET" && path == Path
                ? (HttpStatusCode.OK, SeedNodesJson(Cluster.Get(system), maxSeedNodes))
                : (HttpStatusCode.NotFound, """{"error":"not found"}"""),
            ex => system.Log.Debug("Bootstrap prober went away: {0}", ex.Message));
    }

    public void Start() => _listener.Start();

    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    /// <summary>What this node tells a prober: itself, and the members a newcomer may join (up, weakly up or joining, reachable).</summary>
    internal static string SeedNodesJson(Cluster cluster, int maxSeedNodes)
    {
        var self = cluster.SelfMember;
        if (self.Status is MemberStatus.Down or MemberStatus.Exiting or MemberStatus.Leaving or MemberStatus.Removed)
        {
            return JsonConvert.SerializeObject(new SeedNodes(self.UniqueAddress.Address, []));
        }

        var state = cluster.State;
        var members = state.Members
            .Where(m => !state.Unreachable.Contains(m) && m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Joining)
            .Take(maxSeedNodes)
            .Select(m => new ClusterMember(m.UniqueAddress.Address, m.UniqueAddress.Uid, m.Status, m.Roles))
            .ToImmutableList();
        return JsonConvert.SerializeObject(new SeedNodes(self.UniqueAddress.Address, members));
    }
}
