namespace BatonClerk.Engine.Service;

/// <summary>Helpers for <c>host[:port]</c> strings as used by client ids and BATON_C1_API_HOST.</summary>
internal static class HostPort
{
    public static bool IsValid(string hostPort) =>
        !hostPort.Contains("://", StringComparison.Ordinal)
        && Uri.TryCreate($"https://{hostPort}/", UriKind.Absolute, out var uri)
        && uri.AbsolutePath == "/"
        && string.IsNullOrEmpty(uri.UserInfo)
        && uri.Host.Length > 0;

    public static string StripPort(string hostPort) =>
        Uri.TryCreate($"https://{hostPort}/", UriKind.Absolute, out var uri) ? uri.Host : hostPort;

    /// <summary>The https base address; no port means 443, as the Go client's <c>dns:///host:443</c>.</summary>
    public static Uri ToHttpsBase(string hostPort) => new($"https://{hostPort}/", UriKind.Absolute);
}
