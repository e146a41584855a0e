using System.Diagnostics;

namespace BatonClerk.Engine.Tests.Service;

/// <summary>The only slow service test: runs the publish script the Dockerfile uses.</summary>
public sealed class PublishScriptTests
{
    [Fact]
    [Trait("Category", "Publish")]
    public async Task PublishScript_IntoTempDirectory_ProducesRunnableBatonClerk()
    {
        var root = RepositoryRoot();
        var output = Directory.CreateTempSubdirectory("baton-clerk-publish-").FullName;
        try
        {
            // The script restores for its runtime identifier (the ReadyToRun compiler and runtime pack), which the
            // test build's restore does not cover.
            var (publishExit, publishLog) = await RunAsync("bash", [Path.Combine(root, "scripts", "publish.sh"), output], root);
            Assert.True(publishExit == 0, publishLog);
            // Compiled ahead of time: a ReadyToRun image carries a managed native header.
            foreach (var assembly in new[] { "baton-clerk.dll", "BatonClerk.Engine.dll", "Akka.dll" })
            {
                using var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(Path.Combine(output, assembly)));
                Assert.True(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, $"{assembly} is not ReadyToRun");
            }

            var binary = Path.Combine(output, "baton-clerk");
            Assert.True(File.Exists(binary), $"missing {binary}");
            var (helpExit, helpText) = await RunAsync(binary, ["--help"], output);

            Assert.Equal(0, helpExit);
            Assert.Contains("health-check", helpText, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] args, string workingDirectory)
    {
        var start = new ProcessStartInfo(file, args)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "publish.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root with scripts/publish.sh not found");
    }
}
