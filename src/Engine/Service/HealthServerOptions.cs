using System.Net;

namespace BatonClerk.Engine.Service;

/// <summary>Where the health endpoint listens (BATON_HEALTH_CHECK_PORT / BATON_HEALTH_CHECK_BIND_ADDRESS).</summary>
public sealed class HealthServerOptions
{
    public int Port { get; init; } = 8081;

    /// <summary>Loopback by default so the endpoint is not exposed beyond the container or host.</summary>
    public string BindAddress { get; init; } = "127.0.0.1";

    public static HealthServerOptions FromEnvironment(Func<string, string?>? getEnvironment = null)
    {
        var env = getEnvironment ?? Environment.GetEnvironmentVariable;
        var defaults = new HealthServerOptions();
        var port = env("BATON_HEALTH_CHECK_PORT");
        var address = env("BATON_HEALTH_CHECK_BIND_ADDRESS");
        return new HealthServerOptions
        {
            Port = string.IsNullOrWhiteSpace(port)
                ? defaults.Port
                : int.TryParse(port, out var p) ? p : throw new ServiceConfigurationException("Invalid BATON_HEALTH_CHECK_PORT: not a number."),
            BindAddress = string.IsNullOrWhiteSpace(address) ? defaults.BindAddress : address.Trim(),
        };
    }

    /// <summary>The options when BATON_HEALTH_CHECK is true, else null (the endpoint is opt-in).</summary>
    public static HealthServerOptions? FromEnvironmentIfEnabled(Func<string, string?>? getEnvironment = null)
    {
        var env = getEnvironment ?? Environment.GetEnvironmentVariable;
        var enabled = env("BATON_HEALTH_CHECK") is { } flag && (flag == "1" || flag.Equals("true", StringComparison.OrdinalIgnoreCase));
        return enabled ? FromEnvironment(env) : null;
    }

    public void Validate()
    {
        if (Port is < 1 or > 65535)
        {
            throw new ServiceConfigurationException("Invalid health check port: must be 1..65535.");
        }

        if (!IPAddress.TryParse(BindAddress, out _) && BindAddress != "localhost")
        {
            throw new ServiceConfigurationException("Invalid health check bind address: must be an IP address or 'localhost'.");
        }
    }

    /// <summary>The address a local client should call; a wildcard bind is reached over loopback.</summary>
    internal string ClientHost =>
        BindAddress is "0.0.0.0" ? "127.0.0.1"
        : BindAddress is "::" ? "[::1]"
        : IPAddress.TryParse(BindAddress, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{BindAddress}]"
        : BindAddress;

    internal string ListenerPrefix =>
        BindAddress is "0.0.0.0" or "::" ? $"http://*:{Port}/" : $"http://{ClientHost}:{Port}/";
}
