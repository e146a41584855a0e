using System.CommandLine;
using Akka.Actor;
using Akka.Configuration;
using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.C1z;
using BatonClerk.Engine.Service;
using BatonClerk.Engine.Sync;
using BatonClerk.Host.Configuration;
using BatonClerk.Host.Logging;
using BatonClerk.Host.Progress;
using Serilog;

namespace BatonClerk.Host.Commands;

/// <summary>The root command: one full sync of the Clerk instance into a c1z file.</summary>
public static class SyncCommand
{
    public static void Configure(RootCommand root, Func<string, string?> environment)
    {
        var flags = new SyncOptions();
        foreach (var option in flags.All)
        {
            root.Options.Add(option);
        }

        root.SetAction((parse, cancellationToken) =>
        {
            var source = new SettingSource(parse, environment);
            return ProvisionCommand.IsRequested(flags, source)
                ? ProvisionCommand.RunAsync(flags, source, ProvisionCommand.ProvisioningEnabled(flags.Provisioning, parse, environment), cancellationToken)
                : RunAsync(flags, source, cancellationToken);
        });
    }

    private static async Task<int> RunAsync(SyncOptions flags, SettingSource source, CancellationToken cancellationToken)
    {
        ClerkSyncOptions options;
        ServiceConfiguration? service;
        Serilog.Core.Logger logger;
        try
        {
            var isTerminal = !Console.IsErrorRedirected;
            logger = LogSetup.Create(source.String(flags.LogLevel, "info"), source.String(flags.LogFormat, LogSetup.DefaultFormat(isTerminal)));
            options = SyncConfiguration.Resolve(flags, source, EngineDefaults.Load());
            service = ServiceConfiguration.Resolve(flags, source);
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        Log.Logger = logger;
        try
        {
            return service is null
                ? await SyncAsync(options, logger, cancellationToken).ConfigureAwait(false)
                : await ServeAsync(options, service, logger, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await Log.CloseAndFlushAsync().ConfigureAwait(false);
        }
    }

    private static ActorSystem CreateSystem()
    {
        var config = ConfigurationFactory.ParseString(File.Exists(HoconPath) ? File.ReadAllText(HoconPath) : "");
        return ActorSystem.Create("baton-clerk", config.WithFallback(FallbackConfig));
    }

    private static async Task<int> ServeAsync(ClerkSyncOptions options, ServiceConfiguration service, ILogger logger, CancellationToken cancellationToken)
    {
        using var system = CreateSystem();
        using var loggerFactory = new Serilog.Extensions.Logging.SerilogLoggerFactory(logger);
        var job = new ClerkServiceSyncJob(system, options, summary => SummaryPrinter.Log(logger, summary));
        using var stop = new CancellationTokenSource();
        var serving = ServiceMode.RunAsync(service.Options, job, ConnectorInfo.Metadata(), service.Health, loggerFactory, stop.Token);

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

    private static async Task<int> SyncAsync(ClerkSyncOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        using var system = CreateSystem();
        var isTerminal = !Console.IsErrorRedirected;
        var progress = new ProgressPrinter(logger, Console.Error, isTerminal);
        try
        {
            logger.Information("Syncing Clerk at {ApiUrl} into {File}", options.ApiUrl, Path.GetFullPath(options.OutputPath));
            var summary = await ClerkSyncEngine.RunAsync(system, options, progress.Report, cancellationToken).ConfigureAwait(false);
            progress.Finish();
            SummaryPrinter.Log(logger, summary);
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is ClerkApiException or C1zException or OperationCanceledException or IOException or InvalidDataException or UnauthorizedAccessException)
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

    private static string HoconPath => Path.Combine(AppContext.BaseDirectory, "config", "akka.hocon");

    private static readonly Config FallbackConfig = ConfigurationFactory.ParseString("""
        akka.loglevel = INFO
        akka.stdout-loglevel = OFF
        akka.loggers = ["Akka.Logger.Serilog.SerilogLogger, Akka.Logger.Serilog"]
        baton-clerk.uploader-dispatcher.type = PinnedDispatcher
        akka.coordinated-shutdown.phases.before-service-unbind.timeout = 25s
        """);

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
