using System.Diagnostics;

namespace BatonClerk.Engine.Tests.Support;

/// <summary>Runs the real baton-clerk executable (built beside the tests) as a child process.</summary>
internal static class HostProcess
{
    /// <summary>
    /// The Host's own build output (same configuration as the tests): its deps and runtimeconfig describe exactly the
    /// shipped executable, which a copy inside the test folder would not.
    /// </summary>
    public static string HostDll { get; } = FindHostDll();

    private static string FindHostDll()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var root = RepoRoot();
        var dll = Path.Combine(root, "src", "Host", "bin", configuration, "net10.0", "baton-clerk.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build src/Host first", dll);
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Engine.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Engine.sln not found above " + AppContext.BaseDirectory);
    }

    public sealed record Result(int ExitCode, string StdOut, string StdErr, TimeSpan Elapsed);

    /// <summary>Starts the executable without waiting, so a test can kill it mid-run.</summary>
    public static Process Start(IEnumerable<string> args, IDictionary<string, string> environment, string workingDirectory)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add(HostDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        // Drain stdout so a chatty child never blocks; stderr is left for the caller to read.
        process.StandardOutput.ReadToEndAsync();
        return process;
    }

    public static async Task<Result> RunAsync(IEnumerable<string> args, IDictionary<string, string>? environment = null, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        info.ArgumentList.Add(HostDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("BATON_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(true);
            throw new TimeoutException("baton-clerk did not finish in time: " + await stderr);
        }

        return new Result(process.ExitCode, await stdout, await stderr, clock.Elapsed);
    }
}
