using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace BatonClerk.Benchmarks;

/// <summary>The simulator CLI as a child process on loopback; stopped on dispose.</summary>
public sealed class SimulatorProcess : IDisposable
{
    private readonly Process _process;

    private SimulatorProcess(Process process, string baseUrl, string secretKey)
    {
        _process = process;
        BaseUrl = baseUrl;
        SecretKey = secretKey;
    }

    public string BaseUrl { get; }

    public string SecretKey { get; }

    public long Roles { get; private set; }

    /// <summary>The simulator's CPU time so far (user + system), read from /proc so it is never confused with the engine's.</summary>
    public TimeSpan Cpu
    {
        get
        {
            try
            {
                // Fields 14 and 15 (utime, stime) follow the parenthesised command name, in clock ticks of 1/100 s.
                var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                return TimeSpan.FromSeconds(ticks / 100.0);
            }
            catch (IOException)
            {
                return _process.TotalProcessorTime;
            }
        }
    }

    public long Permissions { get; private set; }

    public static SimulatorProcess Start(int users, int orgs, int memberships, int latencyMs, int limit, int port, bool preEncoded = true)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "BatonClerk.Simulator.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "--users", $"{users}", "--orgs", $"{orgs}", "--memberships", $"{memberships}", "--latency-ms", $"{latencyMs}", "--rate-limit", $"{limit}", "--port", $"{port}", "--pre-encoded", preEncoded ? "true" : "false" })
        {
            info.ArgumentList.Add(arg);
        }

        // The simulator shares the engine's two cores. Each page it serves is one short-lived array of up to 800 KiB:
        // on the large-object heap every few pages started a gen2 collection of the whole pre-encoded dataset. Kept
        // in a 256 MiB gen0 instead they die young (simulator CPU at 250k users 5.0 -> 2.8 s). Only runtime
        // environment variables set these, which is fine for a benchmark's child process.
        info.Environment["DOTNET_GCgen0size"] = "0x10000000";
        info.Environment["DOTNET_GCLOHThreshold"] = "0x200000";
        var process = Process.Start(info)!;
        string? baseUrl = null;
        string? key = null;
        while (process.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith("base url:", StringComparison.Ordinal))
            {
                baseUrl = line["base url:".Length..].Trim();
            }
            else if (line.StartsWith("secret key:", StringComparison.Ordinal))
            {
                key = line["secret key:".Length..].Trim();
            }
            else if (line.StartsWith("serving", StringComparison.Ordinal))
            {
                break;
            }
        }

        if (baseUrl is null || key is null)
        {
            process.Kill(true);
            throw new InvalidOperationException("the simulator did not start: " + process.StandardError.ReadToEnd());
        }

        var sim = new SimulatorProcess(process, baseUrl, key);
        sim.Roles = sim.Total("organization_roles");
        sim.Permissions = sim.Total("organization_permissions");
        sim.WarmUp(limit);

        // The probes and the warm-up spent part of the key's window: let it slide out before the measured sync starts.
        Thread.Sleep(TimeSpan.FromSeconds(10.5));
        return sim;
    }

    /// <summary>
    /// Clerk is warm when a sync starts; the simulator is not. Its first burst of pages ran its cold code (JIT,
    /// Kestrel) and was answered 250–350 ms late (45 users pages at once: median 833 ms against 593 ms warm), which the
    /// sync's first window, and through the sliding window every later one, inherited. Two unmeasured bursts of the
    /// big pages warm it, within three quarters of one window's budget (BENCH_WARM_SIMULATOR=0 skips them).
    /// </summary>
    private void WarmUp(int limit)
    {
        if (Environment.GetEnvironmentVariable("BENCH_WARM_SIMULATOR") == "0")
        {
            return;
        }

        var each = Math.Clamp(limit / 8, 1, 16);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("Authorization", "Bearer " + SecretKey);
        for (var round = 0; round < 2; round++)
        {
            var pages = Enumerable.Range(0, each).SelectMany(i => new[]
            {
                $"users?limit=500&offset={i * 500}&order_by=%2Bcreated_at",
                $"organization_memberships?limit=500&offset={i * 500}&order_by=%2Bcreated_at",
                $"organizations?limit=500&offset={i * 500}&order_by=%2Bcreated_at",
            });
            Task.WaitAll([.. pages.Select(async page =>
            {
                using var response = await http.GetAsync($"{BaseUrl}/{page}").ConfigureAwait(false);
                await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            })]);
        }
    }

    private long Total(string path)
    {
        // Probing costs requests against the rate limit; the benchmark waits a window before starting.
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("Authorization", "Bearer " + SecretKey);
        var json = http.GetFromJsonAsync<JsonElement>($"{BaseUrl}/{path}?limit=1").GetAwaiter().GetResult();
        return json.GetProperty("total_count").GetInt64();
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
