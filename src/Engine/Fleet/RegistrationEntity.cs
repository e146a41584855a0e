using Akka.Actor;
using Akka.Event;
using BatonClerk.Engine.Service;
using BatonClerk.Engine.Sync;

namespace BatonClerk.Engine.Fleet;

/// <summary>
/// One connector registration's service loop (Hello, GetTask, heartbeats, tasks, uploads) on the node that holds
/// its shard. Sharding keeps it on exactly one node; the keeper restarts it wherever the shard lands after a failover.
/// </summary>
internal sealed class RegistrationEntity : ReceiveActor
{
    private readonly string _name;
    private readonly FleetConfig _config;
    private readonly FleetRuntime _runtime;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly LocalRegistrations _local;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _drain = new();
    private string _hostId = string.Empty;
    private Task? _running;

    public RegistrationEntity(string name, FleetConfig config, FleetRuntime runtime, LocalRegistrations local)
    {
        _name = name;
        _local = local;
        _config = config;
        _runtime = runtime;

        Receive<WakeRegistration>(_ => { });
        Receive<GetRegistrationStatus>(_ => Sender.Tell(new RegistrationStatus(_name, _hostId, _running is { IsCompleted: false })));
        Receive<StopRegistration>(_ => HandOff());
        Receive<LoopEnded>(ended =>
        {
            // A fatal start (C1 rejected the registration) ends the entity; the keeper tries it again later.
            _log.Warning("Registration {0}: service loop ended: {1}", _name, ended.Reason);
            Context.Stop(Self);
        });
    }

    internal static Props Props(string name, FleetConfig config, FleetRuntime runtime, LocalRegistrations local) =>
        Akka.Actor.Props.Create(() => new RegistrationEntity(name, config, runtime, local));

    protected override void PreStart()
    {
        if (_config.Find(_name) is not { } connector)
        {
            _log.Warning("Registration {0} is not in this node's fleet file; all nodes must run the same file", _name);
            Context.Stop(Self);
            return;
        }

        if (_local.Draining)
        {
            // This node is leaving: the registration waits, idle, for its shard to move to a node that stays.
            _log.Info("Registration {0} not started: this node is leaving", _name);
            return;
        }

        ServiceRunner runner;
        try
        {
            var options = _runtime.ServiceOptions(connector);
            _hostId = options.HostId;
            var sync = connector.Sync.WithOutputPath(Path.Combine(options.TempDirectory, "unused.c1z"));
            sync.WorkingDirectory = Path.Combine(_runtime.WorkingDirectory, connector.Name);
            Directory.CreateDirectory(sync.WorkingDirectory);
            var onFinished = _runtime.OnSyncFinished;
            var job = new ClerkServiceSyncJob(Context.System, sync, summary => onFinished?.Invoke(connector, summary));
            runner = new ServiceRunner(options, job, _runtime.Metadata, null, TimeProvider.System, _runtime.LoggerFactory);
        }
        catch (Exception e) when (e is ServiceConfigurationException or ArgumentException or IOException)
        {
            _log.Error("Registration {0} cannot start: {1}", _name, e.Message);
            Context.Stop(Self);
            return;
        }

        _log.Info("Registration {0} starts on {1}", _name, _hostId);
        var self = Self;
        var token = _stop.Token;
        var drain = _drain.Token;
        _running = Task.Run(async () =>
        {
            using (runner)
            {
                try
                {
                    await runner.RunAsync(token, drain).ConfigureAwait(false);
                    if (!token.IsCancellationRequested && !drain.IsCancellationRequested)
                    {
                        self.Tell(new LoopEnded("stopped"));
                    }
                }
                catch (Exception e)
                {
                    self.Tell(new LoopEnded(e.Message));
                }
            }
        });
        _local.Add(_name, _drain, _running);
    }

    protected override void PostStop()
    {
        // Stopped without a drain (hand-off timed out, or the node is going down): the loop still ends and reports its task.
        _local.Remove(_name);
        _stop.Cancel();
        _stop.Dispose();
        _drain.Dispose();
    }

    private void HandOff()
    {
        // A leaving node has drained its registrations already (FleetNode.DisposeAsync): a running sync finished
        // before this. A hand-off that still finds one running aborts it, and C1 hands the task out again.
        _log.Info("Registration {0} hands off from {1}", _name, _hostId);
        _stop.Cancel();
        if (_running is null)
        {
            Context.Stop(Self);
            return;
        }

        // The shard waits for this entity to stop before the registration starts elsewhere.
        _running.ContinueWith(_ => LoopStopped.Instance, TaskScheduler.Default).PipeTo(Self);
        Become(() =>
        {
            Receive<LoopStopped>(_ => Context.Stop(Self));
            Receive<LoopEnded>(_ => { });
            Receive<GetRegistrationStatus>(_ => Sender.Tell(new RegistrationStatus(_name, _hostId, false)));
            ReceiveAny(_ => { });
        });
    }

    private sealed record LoopEnded(string Reason);

    private sealed record LoopStopped
    {
        public static readonly LoopStopped Instance = new();
    }
}
