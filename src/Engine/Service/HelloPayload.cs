using System.Reflection;
using System.Runtime.InteropServices;
using BatonClerk.Engine.Baton.ServiceV1;
using BatonClerk.Engine.Baton.V2;
using Hello = BatonClerk.Engine.Baton.ServiceV1.BatonServiceHelloRequest;

namespace BatonClerk.Engine.Service;

/// <summary>
/// Builds Hello requests. Every build/OS string is non-empty because older C1 servers required it.
/// </summary>
internal static class HelloPayload
{
    public static Hello Build(string taskId, ConnectorMetadata metadata, ServiceOptions options) => new()
    {
        TaskId = taskId,
        ConnectorMetadata = metadata,
        BuildInfo = new Hello.Types.BuildInfo
        {
            LangVersion = OrFallback(RuntimeInformation.FrameworkDescription, "unknown"),
            Package = OrFallback(options.PackageName, "baton-clerk"),
            PackageVersion = OrFallback(PackageVersion(), "0.0.0"),
        },
        OsInfo = new Hello.Types.OSInfo
        {
            Hostname = OrFallback(SafeMachineName(), "unknown"),
            Os = OperatingSystemName(),
            Platform = OrFallback(RuntimeInformation.OSDescription, "unknown"),
            PlatformVersion = OrFallback(Environment.OSVersion.Version.ToString(), "unknown"),
            PlatformFamily = OrFallback(RuntimeInformation.RuntimeIdentifier, "unknown"),
            KernelVersion = OrFallback(Environment.OSVersion.VersionString, "unknown"),
            KernelArch = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
            VirtualizationSystem = "none",
        },
    };

    private static string? PackageVersion() =>
        Assembly.GetEntryAssembly()?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(HelloPayload).Assembly.GetName().Version?.ToString();

    private static string OperatingSystemName() =>
        OperatingSystem.IsLinux() ? "linux"
        : OperatingSystem.IsWindows() ? "windows"
        : OperatingSystem.IsMacOS() ? "darwin"
        : "unknown";

    private static string SafeMachineName()
    {
        try
        {
            return Environment.MachineName;
        }
        catch (InvalidOperationException)
        {
            return string.Empty;
        }
    }

    // Server-side limit is 256 characters per field.
    private static string OrFallback(string? value, string fallback) =>
        string.IsNullOrWhiteSpace(value) ? fallback : value.Length > 256 ? value[..256] : value;
}
