using System.Collections.Immutable;
using System.Net;
using System.Text;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
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

    private readonly HttpListener _listener = new();
    private readonly ActorSystem _system;
    private readonly int _maxSeedNodes;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public BootstrapEndpoint(ActorSystem system, string listenerPrefix, int maxSeedNodes)
    {
        _system = system;
        _maxSeedNodes = maxSeedNodes;
        _listener.Prefixes.Add(listenerPrefix);
    }

    public void Start()
    {
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Close();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

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

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                Respond(context);
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
            {
                _system.Log.Debug("Bootstrap prober went away: {0}", ex.Message);
            }
        }
    }

    private void Respond(HttpListenerContext context)
    {
        var found = context.Request.HttpMethod == "GET" && context.Request.Url?.AbsolutePath == Path;
        var body = found ? SeedNodesJson(Cluster.Get(_system), _maxSeedNodes) : """{"error":"not found"}""";
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = found ? (int)HttpStatusCode.OK : (int)HttpStatusCode.NotFound;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        context.Response.OutputStream.Write(bytes);
        context.Response.Close();
    }
}
