using System.CommandLine;
using BatonClerk.Host.Configuration;

namespace BatonClerk.Host.Commands;

/// <summary>Builds the root command from one class per subcommand.</summary>
public static class CommandLineApp
{
    public static RootCommand Build(Func<string, string?>? environment = null, TimeProvider? time = null)
    {
        var root = new RootCommand("baton-clerk: sync a Clerk instance into a Baton c1z file for ConductorOne.");
        SyncCommand.Configure(root, environment ?? Environment.GetEnvironmentVariable, time ?? TimeProvider.System);
        root.Subcommands.Add(CapabilitiesCommand.Create());
        root.Subcommands.Add(ConfigCommand.Create());
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(HealthCheckCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args, Func<string, string?>? environment = null)
    {
        var root = Build(environment);
        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
            {
                await Console.Error.WriteLineAsync("error: " + error.Message).ConfigureAwait(false);
            }

            return ExitCodes.Usage;
        }

        // SIGTERM/SIGINT cancel the action's token; give a running sync or service task time to stop cleanly
        // (abort the sync, delete temp files, report the task) before the process may be ended. A fleet node needs
        // the longest: it lets its running syncs finish before handing its registrations off.
        var invocation = new InvocationConfiguration
        {
            ProcessTerminationTimeout = Engine.Fleet.FleetTimings.Production.HandOffDrain + TimeSpan.FromSeconds(30),
        };
        return await result.InvokeAsync(invocation).ConfigureAwait(false);
    }
}
