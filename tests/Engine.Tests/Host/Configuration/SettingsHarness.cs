using System.CommandLine;
using BatonClerk.Engine.Tests.Service.Fakes;
using BatonClerk.Host.Configuration;
using BatonClerk.Host.Configuration.Settings;

namespace BatonClerk.Engine.Tests.Host.Configuration;

/// <summary>Resolves settings in-process the way the executable does, from given flags, environment and directory.</summary>
internal static class SettingsHarness
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static (SettingValues Values, List<string> Errors, ConfigFile File) Resolve(
        string[] args, IDictionary<string, string>? environment = null, string? directory = null, string? hoconPath = null)
    {
        var options = new SettingOptions();
        var root = new RootCommand();
        foreach (var option in options.All)
        {
            root.Options.Add(option);
        }

        var parse = root.Parse(args);
        Assert.Empty(parse.Errors);
        var env = environment ?? new Dictionary<string, string>();
        string? Lookup(string name) => env.TryGetValue(name, out var v) ? v : null;
        var errors = new List<string>();
        var file = ConfigFile.Load(Lookup, directory ?? Path.GetTempPath(), errors);
        var hocon = HoconSettings.Load(hoconPath ?? "/nonexistent/akka.hocon", errors);
        return (SettingValues.Resolve(parse, options, Lookup, file, hocon, errors), errors, file);
    }

    public static HostSettings Build(string[] args, IDictionary<string, string>? environment = null, string? directory = null, string? hoconPath = null)
    {
        var (values, errors, file) = Resolve(args, environment, directory, hoconPath);
        return HostSettings.Build(values, errors, file.Path, new ManualTimeProvider(Now), stdoutIsTerminal: false);
    }

    public static IReadOnlyList<string> Problems(string[] args, IDictionary<string, string>? environment = null, string? directory = null, string? hoconPath = null) =>
        Assert.Throws<UsageException>(() => Build(args, environment, directory, hoconPath)).Problems;
}
