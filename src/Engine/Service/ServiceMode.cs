using System.Net;
using BatonClerk.Engine.Baton.V2;
using Microsoft.Extensions.Logging;

namespace BatonClerk.Engine.Service;

/// <summary>
/// The one call a host needs for service mode: optional health server plus <see cref="ServiceRunner"/>,
/// with configuration and fatal errors turned into a logged single line and exit code 1.
/// </summary>
public static class ServiceMode
{
    /// <summary>A non-empty BATON_CLIENT_ID switches the connector to service mode, as in the Go SDK.</summary>
    public static bool IsRequested(Func<string, string?>? getEnvironment = null) =>
        !string.IsNullOrEmpty((getEnvironment ?? Environment.GetEnvironmentVariable)("BATON_CLIENT_ID"));

    /// <summary>Runs until cancelled (exit code 0) or until service mode cannot continue (1); provisioning off.</summary>
    public static Task<int> RunAsync(
        ServiceOptions options,
        IServiceSyncJob syncJob,
        ConnectorMetadata connectorMetadata,
        HealthServerOptions? healthServer,
        ILoggerFactory? loggerFactory,
        CancellationToken cancellationToken) =>
        RunAsync(options, syncJob, null, connectorMetadata, healthServer, loggerFactory, cancellationToken);

    /// <summary>As the other overload; <paramref name="provisioning"/> (null: off) runs Grant and Revoke tasks.</summary>
    public static async Task<int> RunAsync(
        ServiceOptions options,
        IServiceSyncJob syncJob,
        IServiceProvisioning? provisioning,
        ConnectorMetadata connectorMetadata,
        HealthServerOptions? healthServer,
        ILoggerFactory? loggerFactory,
        CancellationToken cancellationToken)
    {
        var health = new ServiceHealth();
        HealthServer? server = null;
        try
        {
            using var runner = new ServiceRunner(options, syncJob, connectorMetadata, health, TimeProvider.System, loggerFactory, provisioning);
            if (healthServer is not null)
            {
                server = new HealthServer(healthServer, health, loggerFactory);
                server.Start();
            }

            await runner.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (ex is ServiceConfigurationException or ServiceFatalException or HttpListenerException)
        {
            Report(loggerFactory, ex.Message);
            return 1;
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static void Report(ILoggerFactory? loggerFactory, string message)
    {
        if (loggerFactory is null)
        {
            Console.Error.WriteLine(message);
            return;
        }

        loggerFactory.CreateLogger(typeof(ServiceMode).FullName!).LogCritical("Service mode stopped: {Reason}", message);
    }
}
