using BatonClerk.Engine.Fleet;
using BatonClerk.Engine.Service;
using BatonClerk.Host.Configuration;
using Serilog;

namespace BatonClerk.Host.Commands;

/// <summary>Fleet mode: this process is one node of the cluster and runs whichever registrations the cluster gives it.</summary>
internal static class FleetCommand
{
    public static async Task<int> RunAsync(HostSettings settings, FleetSettings fleet, ILogger logger, string hostHocon, CancellationToken cancellationToken)
    {
        using var loggerFactory = new Serilog.Extensions.Logging.SerilogLoggerFactory(logger);
        var template = fleet.Template;
        var runtime = new FleetRuntime
        {
            Metadata = ConnectorInfo.Metadata(provisioning: false),
            LoggerFactory = loggerFactory,
            WorkingDirectory = Path.Combine(template.TempDirectory, "baton-clerk-fleet"),
            OnSyncFinished = (connector, summary) => SummaryPrinter.Log(logger.ForContext("Registration", connector.Name), summary),
            ServiceOptions = connector => new ServiceOptions
            {
                ClientId = connector.ClientId,
                ClientSecret = connector.ClientSecret,
                ApiHost = connector.C1ApiHost ?? template.ApiHost,
                HostId = template.HostId,
                TempDirectory = template.TempDirectory,
                TaskConcurrency = template.TaskConcurrency,
            },
        };
        var node = fleet.Node;
        var options = new FleetNodeOptions
        {
            HostName = node.HostName,
            Port = node.Port,
            SeedNodes = node.SeedNodes,
            Bootstrap = node.Bootstrap,
            MinimumMembers = node.MinimumMembers,
            ExtraHocon = (settings.Akka?.ToString() ?? string.Empty) + "\n" + hostHocon,
            Timings = FleetTimings.Production,
        };

        var member = await FleetNode.StartAsync(options, fleet.Config, runtime, cancellationToken).ConfigureAwait(false);
        await using (member.ConfigureAwait(false))
        {
            logger.Information("Fleet node {HostId} at {Address}: {Count} registrations in the fleet file",
                template.HostId, member.Address.ToString(), fleet.Config.Connectors.Count);
            if (node.Bootstrap is { } bootstrap)
            {
                logger.Information("Fleet node {HostId} bootstraps through {Discovery} discovery of {Service}, its endpoint on port {Port}",
                    template.HostId, bootstrap.Discovery.ToString().ToLowerInvariant(), bootstrap.ServiceName, bootstrap.ManagementPort);
            }

            // Ends on SIGTERM/SIGINT (leave and hand off) or when the cluster downed this node.
            var terminated = member.System.WhenTerminated;
            var stopped = Task.Delay(Timeout.Infinite, cancellationToken);
            var first = await Task.WhenAny(terminated, stopped).ConfigureAwait(false);
            if (first == terminated)
            {
                await Console.Error.WriteLineAsync("error: fleet node stopped: the cluster removed this node").ConfigureAwait(false);
                return ExitCodes.SyncFailed;
            }

            logger.Information("Fleet node {HostId} leaving: its registrations move to the other nodes", template.HostId);
        }

        return ExitCodes.Success;
    }
}
