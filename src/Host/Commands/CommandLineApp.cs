using System.CommandLine;

namespace BatonClerk.Host.Commands;

/// <summary>Builds the root command from one class per subcommand.</summary>
public static class CommandLineApp
{
    public static RootCommand Build()
    {
        var root = new RootCommand("baton-clerk: sync a Clerk instance into a Baton c1z file for ConductorOne.");
        root.Subcommands.Add(HealthCheckCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var root = Build();
        var result = root.Parse(args);
        return await result.InvokeAsync();
    }
}
