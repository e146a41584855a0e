using System.CommandLine;
using BatonClerk.Engine.Service;

namespace BatonClerk.Host.Commands;

/// <summary>
/// <c>baton-clerk health-check</c>: probes the service-mode health endpoint so container
/// HEALTHCHECKs need no curl in the image. Exit 0 when healthy, 1 otherwise.
/// </summary>
public static class HealthCheckCommand
{
    public static Command Create()
    {
        var defaults = SafeDefaults();
        var endpoint = new Option<string>("--endpoint")
        {
            Description = "Which endpoint to probe: health, ready or live.",
            DefaultValueFactory = _ => "health",
        };
        endpoint.AcceptOnlyFromAmong("health", "ready", "live");

        var timeout = new Option<int>("--timeout")
        {
            Description = "Seconds to wait for an answer.",
            DefaultValueFactory = _ => 5,
        };
        timeout.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--timeout must be at least 1 second.");
            }
        });

        var port = new Option<int>("--port")
        {
            Description = "Health server port (default BATON_HEALTH_CHECK_PORT or 8081).",
            DefaultValueFactory = _ => defaults.Port,
        };

        var address = new Option<string>("--address")
        {
            Description = "Health server bind address (default BATON_HEALTH_CHECK_BIND_ADDRESS or 127.0.0.1).",
            DefaultValueFactory = _ => defaults.BindAddress,
        };

        var command = new Command("health-check", "Check the health endpoint of a running service-mode connector.")
        {
            endpoint, timeout, port, address,
        };

        command.SetAction(async (parse, ct) =>
        {
            HealthEndpointPaths.TryParse(parse.GetValue(endpoint), out var which);
            try
            {
                var client = new HealthCheckClient(new HealthServerOptions
                {
                    Port = parse.GetValue(port),
                    BindAddress = parse.GetValue(address) ?? defaults.BindAddress,
                });
                var healthy = await client.CheckAsync(which, TimeSpan.FromSeconds(parse.GetValue(timeout)), ct);
                await Console.Out.WriteLineAsync(healthy ? "healthy" : "unhealthy");
                return healthy ? 0 : 1;
            }
            catch (ServiceConfigurationException ex)
            {
                await Console.Error.WriteLineAsync(ex.Message);
                return 1;
            }
        });

        return command;
    }

    // A malformed environment must not break --help or the other commands; the action reports it.
    private static HealthServerOptions SafeDefaults()
    {
        try
        {
            return HealthServerOptions.FromEnvironment();
        }
        catch (ServiceConfigurationException)
        {
            return new HealthServerOptions();
        }
    }
}
