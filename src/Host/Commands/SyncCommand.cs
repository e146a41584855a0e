using System.CommandLine;
using Akka.Actor;
using Akka.Configuration;
using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.C1z;
using BatonClerk.Engine.Provisioning;
using BatonClerk.Engine.Service;
using BatonClerk.Engine.Sync;
using BatonClerk.Engine.Hosting;
using BatonClerk.Host.Configuration;
using BatonClerk.Host.Configuration.Settings;
using BatonClerk.Host.Logging;
using BatonClerk.Host.Progress;
using BatonClerk.Host.Terminal;
using Serilog;

namespace BatonClerk.Host.Commands;

/// <summary>The root command: one full sync of the Clerk instance into a c1z file.</summary>
public static class SyncCommand
{
    public static void Configure(RootCommand root, Func<string, string?> environment, TimeProvider time)
    {
        var options = new SettingOptions();
        foreach (var option in options.All)
        {
            root.Options.Add(option);
        }

        root.SetAction(async (parse, cancellationToken) =>
        {
            // The command line starts listening for SIGTERM and SIGINT only once the action returns its task. Before
            // this yield the whole start (settings, preparation, actor system) ran first, and a signal in those
            // ~0.35 s ended the process without its cleanup: no error line, and a working file left behind.
            await Task.Yield();
            return await RunAsync(Load(parse, options, environment, time), cancellationToken).ConfigureAwait(false);
        });
    }

    /// <summary>Every setting from every source, validated once; null after printing every problem.</summary>
    private static HostSettings? Load(ParseResult parse, SettingOptions options, Func<string, string?> environment, TimeProvider time)
    {
        var errors = new List<string>();
        try
        {
            var file = ConfigFile.Load(environment, Directory.GetCurrentDirectory(), errors);
            var hocon = HoconSettings.Load(HoconSettings.DefaultPath, errors);
            var values = SettingValues.Resolve(parse, options, environment, file, hocon, errors);
            return HostSettings.Build(values, errors, file.Path, time, stdoutIsTerminal: !Console.IsOutputRedirected, hocon.Config);
        }
        catch (UsageException e)
        {
            foreach (var problem in e.Problems)
            {
                Console.Error.WriteLine("error: " + OneLine(problem));
            }

            return null;
        }
    }

    private static async Task<int> RunAsync(HostSettings? settings, CancellationToken cancellationToken)
    {
        if (settings is null)
        {
            return ExitCodes.Usage;
        }

        Telemetry.TelemetrySetup telemetry;
        try
        {
            telemetry = Telemetry.TelemetrySetup.Start(settings.Telemetry);
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync("error: " + OneLine(e.Message)).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        using var exporting = telemetry;

        // The live view needs a terminal and text logs on stderr: JSON logs or a log file mean something else reads them.
        var terminal = !Console.IsErrorRedirected && settings.Log.Format == "console" && settings.Log.Paths.All(p => p == LogSetup.Stderr)
            ? PlainConsole.Terminal(Console.Error)
            : null;
        if (terminal is not null && !terminal.Profile.Capabilities.Ansi)
        {
            terminal = null; // TERM=dumb and the like: a region could not be redrawn in place.
        }

        // A one-shot sync is prepared before logging is set up: its first Clerk requests leave meanwhile.
        using var prepared = settings is { Provision: null, Fleet: null, Service: null } ? ClerkSyncEngine.Prepare(SyncOptions(settings, terminal)) : null;

        var logger = LogSetup.Create(settings.Log, export: telemetry.LogExport is { } export ? new Telemetry.OtelLogSink(export) : null, console: terminal);
        Log.Logger = logger;
        try
        {
            if (settings.ConfigFile is { } configFile)
            {
                logger.Information("Read configuration file {ConfigFile}", configFile);
            }

            if (settings.Log.Note is { } note)
            {
                logger.Information("{Note}", note);
            }

            foreach (var warning in settings.Warnings)
            {
                logger.Warning("{Warning}", warning);
            }

            if (settings.Provision is { } provision)
            {
                return await ProvisionCommand.RunAsync(settings, provision, logger, cancellationToken).ConfigureAwait(false);
            }

            if (settings.Fleet is { } fleet)
            {
                return await FleetCommand.RunAsync(settings, fleet, logger, HostHoconText, cancellationToken).ConfigureAwait(false);
            }

            return prepared is not null
                ? await SyncAsync(prepared, settings, logger, terminal, cancellationToken).ConfigureAwait(false)
                : await ServeAsync(settings, settings.Service!, logger, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await Log.CloseAndFlushAsync().ConfigureAwait(false);
        }
    }

    // The shipped file over the executable's Akka settings over the engine's (the writer's pinned dispatcher).
    private static ActorSystem CreateSystem(Config? shipped) =>
        ActorSystem.Create("baton-clerk", (shipped ?? Config.Empty)
            .WithFallback(HostHocon)
            .WithFallback(ConfigurationFactory.ParseString(ClerkSyncHostingExtensions.EngineHocon)));

    private static async Task<int> ServeAsync(HostSettings settings, ServiceSettings service, ILogger logger, CancellationToken cancellationToken)
    {
        var options = settings.Sync;
        using var system = CreateSystem(settings.Akka);
        using var loggerFactory = new Serilog.Extensions.Logging.SerilogLoggerFactory(logger);
        var job = new ClerkServiceSyncJob(system, options, summary => SummaryPrinter.Log(logger, summary));

        // Without -p there is no provisioner: Grant and Revoke tasks are refused and nothing is written.
        using var provisioning = settings.Provisioning
            ? new ClerkServiceProvisioning(system, options, new ProvisioningOptions { DefaultRoleKey = settings.DefaultRoleKey }, loggerFactory.CreateLogger("BatonClerk.Provisioning"))
            : null;
        using var stop = new CancellationTokenSource();
        var serving = ServiceMode.RunAsync(
            service.Options, job, provisioning, ConnectorInfo.Metadata(settings.Provisioning), service.Health, loggerFactory, stop.Token);

        // SIGTERM/SIGINT start the actor system's CoordinatedShutdown; its first phase stops polling, aborts the
        // current task (its sync is cancelled, no half upload is reported) and waits for the loop to end.
        var shutdown = CoordinatedShutdown.Get(system);
        shutdown.AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "stop-service-mode", async () =>
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await serving.ConfigureAwait(false);
            return Akka.Done.Instance;
        });
        await using var onSignal = cancellationToken.Register(() => shutdown.Run(CoordinatedShutdown.ClrExitReason.Instance)).ConfigureAwait(false);

        logger.Information("Service mode: polling ConductorOne for tasks");
        var exitCode = await serving.ConfigureAwait(false);
        await shutdown.Run(CoordinatedShutdown.ClrExitReason.Instance).ConfigureAwait(false);
        return exitCode;
    }

    // The configured interval paces log events; a live region a person watches refreshes faster.
    private static ValidatedSyncOptions SyncOptions(HostSettings settings, Spectre.Console.IAnsiConsole? terminal) =>
        terminal is not null && settings.Sync.Settings.ProgressInterval > LiveRefresh
            ? settings.Sync.WithProgressInterval(LiveRefresh)
            : settings.Sync;

    // The working database is being created, and a fresh sync's first requests are out, while the actor system starts.
    private static async Task<int> SyncAsync(PreparedSync prepared, HostSettings settings, ILogger logger, Spectre.Console.IAnsiConsole? terminal, CancellationToken cancellationToken)
    {
        var options = prepared.Options;
        using var system = CreateSystem(settings.Akka);

        IProgressView progress = terminal is null ? new ProgressEvents(logger) : new LiveProgressView(terminal);
        try
        {
            logger.Information("Syncing Clerk at {ApiUrl} into {File}", options.ApiUrl, Path.GetFullPath(options.OutputPath));
            var summary = await ClerkSyncEngine.RunAsync(system, prepared, progress.Report, cancellationToken).ConfigureAwait(false);
            progress.Finish();
            if (terminal is null)
            {
                SummaryPrinter.Log(logger, summary);
            }
            else
            {
                terminal.Write(SummaryTable.Build(summary, [.. options.Settings.ResourceTypes]));
            }

            return ExitCodes.Success;
        }
        catch (Exception e) when (e is ClerkApiException or C1zException or OperationCanceledException or Engine.Sync.Uploader.IncompleteSyncException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            progress.Finish();
            logger.Debug(e, "Sync failed");
            await Console.Error.WriteLineAsync("error: sync failed: " + OneLine(e.Message)).ConfigureAwait(false);
            return ExitCodes.SyncFailed;
        }
        catch (Exception e)
        {
            progress.Finish();
            logger.Debug(e, "Sync failed");
            await Console.Error.WriteLineAsync($"error: sync failed: {OneLine(e.Message)} ({e.GetType().Name})").ConfigureAwait(false);
            return ExitCodes.SyncFailed;
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
        }
    }

    private static readonly TimeSpan LiveRefresh = TimeSpan.FromSeconds(1);

    // The executable's Akka settings; config/akka.hocon may override them.
    private static readonly Config HostHocon = ConfigurationFactory.ParseString(HostHoconText);

    private const string HostHoconText = """
        akka.loglevel = INFO
        akka.stdout-loglevel = OFF
        akka.loggers = ["Akka.Logger.Serilog.SerilogLogger, Akka.Logger.Serilog"]
        akka.logger-formatter = "Akka.Logger.Serilog.SerilogLogMessageFormatter, Akka.Logger.Serilog"
        # Service mode stops in this phase: abort the current task and report it before the system goes down.
        akka.coordinated-shutdown.phases.before-service-unbind.timeout = 25s
        # SIGTERM and SIGINT reach the actor systems through the command line's cancellation token only: a sync
        # aborts and cleans up, a service stops its task, a fleet node hands off. Akka's own signal hook would end the
        # system beside that, and whichever handler the runtime called first decided how the process ended.
        akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
        """;

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
