using BatonClerk.Engine.Service;
using BatonClerk.Host.Configuration;

namespace BatonClerk.Host.Commands;

/// <summary>Service mode settings: present when a client id is given, by flag or BATON_CLIENT_ID.</summary>
public sealed class ServiceConfiguration(ServiceOptions options, HealthServerOptions? health)
{
    public ServiceOptions Options { get; } = options;

    public HealthServerOptions? Health { get; } = health;

    public static ServiceConfiguration? Resolve(SyncOptions flags, SettingSource source)
    {
        var clientId = source.Raw(flags.ClientId);
        var clientSecret = source.Raw(flags.ClientSecret);
        if (string.IsNullOrEmpty(clientId))
        {
            return string.IsNullOrEmpty(clientSecret)
                ? null
                : throw new UsageException("--client-secret was given without --client-id");
        }

        // Flags win over the environment: feed the resolved values to the service options' own readers.
        var overrides = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["BATON_CLIENT_ID"] = clientId,
            ["BATON_CLIENT_SECRET"] = clientSecret,
            ["BATON_HEALTH_CHECK"] = source.Raw(flags.HealthCheck),
            ["BATON_HEALTH_CHECK_PORT"] = source.Raw(flags.HealthCheckPort),
        };
        string? Env(string name) => overrides.TryGetValue(name, out var value) ? value : Environment.GetEnvironmentVariable(name);

        try
        {
            var options = ServiceOptions.FromEnvironment(Env);
            options.Validate().Dispose();
            var health = HealthServerOptions.FromEnvironmentIfEnabled(Env);
            health?.Validate();
            return new ServiceConfiguration(options, health);
        }
        catch (ServiceConfigurationException e)
        {
            throw new UsageException(e.Message);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
