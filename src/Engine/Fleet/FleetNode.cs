using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Cluster.Sharding;
using Akka.Discovery.KubernetesApi;
using Akka.Event;
using Akka.Hosting;
using Akka.Management.Cluster.Bootstrap;
using Akka.Management.Dsl;
using Akka.Remote.Hosting;
using BatonClerk.Engine.Hosting;
using BatonClerk.Engine.Sync.Gate;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BatonClerk.Engine.Fleet;

/// <summary>
/// One node of a fleet: an Akka.NET cluster member (remoting, keep-majority split-brain resolver) running a shard
/// region of registration entities and a keeper that wakes every registration of the fleet file.
/// </summary>
public sealed class FleetNode : IAsyncDisposable
{
    /// <summary>The shard region's type name: one entity per registration.</summary>
    public const string RegionName = "registration";

    private readonly IHost _host;
    private readonly LocalRegistrations _local;
    private readonly TimeSpan _drainLimit;
    private BootstrapEndpoint? _bootstrapEndpoint;

    private FleetNode(IHost host, LocalRegistrations local, TimeSpan drainLimit)
    {
        _host = host;
        _local = local;
        _drainLimit = drainLimit;
    }

    public ActorSystem System => _host.Services.GetRequiredService<ActorSystem>();

    /// <summary>The registration region (send <see cref="IRegistrationMessage"/>s to it).</summary>
    public IActorRef Region => ActorRegistry.For(System).Get<RegistrationRegion>();

    public Address Address => Cluster.Get(System).SelfAddress;

    /// <summary>Starts the node; it joins the seed nodes, if any, or bootstraps with the other nodes, on its own.</summary>
    public static async Task<FleetNode> StartAsync(FleetNodeOptions options, FleetConfig config, FleetRuntime runtime, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(runtime);
        if (options.Bootstrap is { } bootstrapOptions)
        {
            // Akka's bootstrap quietly bails out when seed nodes are configured; one or the other, never both.
            if (options.SeedNodes.Count > 0)
            {
                throw new ArgumentException("seed nodes and cluster bootstrap exclude each other", nameof(options));
            }

            if (bootstrapOptions.Problem() is { } problem)
            {
                throw new ArgumentException($"cluster bootstrap: {problem}", nameof(options));
            }
        }

        var local = new LocalRegistrations();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddAkka(FleetNodeOptions.SystemName, akka =>
        {
            akka.AddHocon(Hocon(options), HoconAddMode.Prepend);
            if (options.Bootstrap?.Discovery == FleetDiscovery.Kubernetes)
            {
                akka.AddHocon(KubernetesDiscovery.DefaultConfiguration(), HoconAddMode.Append);
            }

            akka
                .WithRemoting(new RemoteOptions { HostName = options.HostName, Port = options.Port })
                .WithClustering(new ClusterOptions
                {
                    SeedNodes = [.. options.SeedNodes.Select(FleetNodeOptions.SeedAddress)],
                    SplitBrainResolver = new KeepMajorityOption(),

                    // Not Akka's min-nr-of-members: the sharding coordinator also waits for that many regions before
                    // it answers, so a coordinator restarted after a crash on a fleet of exactly that size would never
                    // answer again. The keeper waits for the fleet's size before its first wake instead.
                })
                .WithActors((system, registry) =>
                {
                    GateRegistry.Of(system).HoldNewGatesOneWindow = true;
                    var region = ClusterSharding.Get(system).Start(
                        RegionName,
                        name => RegistrationEntity.Props(name, config, runtime, local),
                        ClusterShardingSettings.Create(system),
                        new RegistrationExtractor(config),
                        new NeverRebalanceAllocation(),
                        StopRegistration.Instance);
                    registry.Register<RegistrationRegion>(region);
                    var keeper = system.ActorOf(FleetKeeper.Props(region, [.. config.Connectors.Select(c => c.Name)], options.Timings.KeeperInterval, options.MinimumMembers), "fleet-keeper");
                    registry.Register<FleetKeeper>(keeper);
                });
        });
        var host = builder.Build();
        await host.StartAsync(ct).ConfigureAwait(false);
        var node = new FleetNode(host, local, options.Timings.HandOffDrain);
        if (options.Bootstrap is { } bootstrap)
        {
            try
            {
                await node.StartBootstrapAsync(bootstrap, options.HostName).ConfigureAwait(false);
            }
            catch
            {
                await node.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return node;
    }

    private async Task StartBootstrapAsync(FleetBootstrapOptions options, string hostName)
    {
        var bootstrap = ClusterBootstrap.Get(System);
        _bootstrapEndpoint = new BootstrapEndpoint(System, options.ListenerPrefix(hostName), ClusterBootstrapSettings.Create(System.Settings.Config, System.Log).ContactPoint.MaxSeedNodesToExpose);
        _bootstrapEndpoint.Start();

        // Asking for the routes is how bootstrap learns this node's own contact point when another server hosts them.
        _ = bootstrap.Routes(ManagementRouteProviderSettings.Create(options.SelfContactPoint(hostName), readOnly: true));
        await bootstrap.Start().ConfigureAwait(false);
    }

    /// <summary>Joins the cluster through <paramref name="seed"/> (itself for the first node) without waiting.</summary>
    public void Join(Address seed) => Cluster.Get(System).Join(seed);

    /// <summary>Completes when this node is up (joined the cluster).</summary>
    public Task UpAsync()
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Cluster.Get(System).RegisterOnMemberUp(() => up.TrySetResult());
        return up.Task;
    }

    /// <summary>
    /// Leaves the cluster gracefully: this node's registrations stop taking tasks, their running syncs finish and are
    /// reported (at most <see cref="FleetTimings.HandOffDrain"/>), then the shards hand off to the other nodes.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        // A wake sent to the region while it hands off is buffered and holds the region's shutdown until it times out.
        if (ActorRegistry.For(System).TryGet<FleetKeeper>(out var keeper))
        {
            await keeper.GracefulStop(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }

        var aborted = await _local.DrainAsync(_drainLimit).ConfigureAwait(false);
        if (aborted.Count > 0)
        {
            System.Log.Warning("Leaving with tasks still running after {0} (C1 hands them out again): {1}", _drainLimit, string.Join(", ", aborted));
        }

        await _host.StopAsync().ConfigureAwait(false);
        _host.Dispose();
        if (_bootstrapEndpoint is not null)
        {
            await _bootstrapEndpoint.DisposeAsync().ConfigureAwait(false);
        }
    }

    internal static string Hocon(FleetNodeOptions options)
    {
        var t = options.Timings;
        return $$"""
            {{options.ExtraHocon}}
            {{options.Bootstrap?.Hocon(options.MinimumMembers, t.BootstrapStableMargin)}}
            akka.cluster.failure-detector.acceptable-heartbeat-pause = {{(int)t.AcceptableHeartbeatPause.TotalMilliseconds}}ms
            akka.cluster.split-brain-resolver.stable-after = {{(int)t.StableAfter.TotalMilliseconds}}ms
            akka.cluster.sharding.handoff-timeout = 120s
            akka.actor.serialize-creators = off
            {{FleetSerializer.Hocon}}
            {{ClerkSyncHostingExtensions.EngineHocon}}
            """;
    }

    /// <summary>The registry key of the registration shard region.</summary>
    public sealed class RegistrationRegion;
}
