using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using BatonClerk.Engine.Clerk;

namespace BatonClerk.Engine.Tests.Clerk;

/// <summary>
/// One Stoplight Prism process serving Clerk's spec (the repository's trimmed copy) for the whole contract test class. Prism validates
/// every request against the spec and reports what it disliked in the sl-violations response header.
/// </summary>
public sealed class PrismFixture : IAsyncLifetime
{
    public const string Key = "sk_test_prismcontract";
    private PrismProcess? _prism;

    public string? StartError { get; private set; }
    public string BaseUrl => _prism?.BaseUrl ?? "";
    public ViolationRecorder Recorder { get; } = new();

    public async Task InitializeAsync()
    {
        (_prism, StartError) = await PrismProcess.StartAsync(Key, "mock");
    }

    public Task DisposeAsync()
    {
        _prism?.Dispose();
        return Task.CompletedTask;
    }

    internal ClerkClient Client() => new(new ClerkClientOptions
    {
        SecretKey = Key,
        BaseUrl = BaseUrl,
        MaxRetryAttempts = 0,
        HttpMessageHandler = Recorder,
    });
}

/// <summary>A Prism child process on a free loopback port; killed (with its children) on dispose.</summary>
public sealed class PrismProcess : IDisposable
{
    private readonly ConcurrentQueue<string> _output = new();
    private readonly Process _process;

    private PrismProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string BaseUrl { get; }

    public string Output => string.Join('\n', _output.TakeLast(40));

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Engine.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Engine.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>
    /// Clerk's Backend API spec trimmed to the endpoints this project uses (scripts/trim-clerk-spec.py writes it).
    /// </summary>
    public static string SpecPath() => Path.Combine(RepoRoot(), "tests", "contract", "clerk-bapi-2026-05-12.trimmed.yml");

    /// <summary>
    /// Starts `prism mode … spec [upstream]` and waits until it answers. Returns the process, or null and the reason
    /// the tests must fail with.
    /// </summary>
    public static async Task<(PrismProcess? Process, string? Error)> StartAsync(string key, string mode, string? upstream = null)
    {
        var root = RepoRoot();
        var prism = Path.Combine(root, "tests", "prism", "node_modules", ".bin", OperatingSystem.IsWindows() ? "prism.cmd" : "prism");
        var spec = SpecPath();
        if (!File.Exists(prism))
        {
            return (null, $"Prism is not installed at {prism}: run `npm ci` in tests/prism (test.sh does this).");
        }

        if (!File.Exists(spec))
        {
            return (null, $"The trimmed Clerk spec is missing at {spec}; see tests/contract/README.md.");
        }

        var port = ClerkStub.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo(prism)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { mode, "-h", "127.0.0.1", "-p", port, spec })
        {
            start.ArgumentList.Add(arg);
        }

        if (upstream is not null)
        {
            start.ArgumentList.Add(upstream);
        }

        var process = new PrismProcess(
            Process.Start(start) ?? throw new InvalidOperationException("Prism did not start."), $"http://127.0.0.1:{port}");
        var error = await process.WaitUntilAnsweringAsync(key, TimeSpan.FromSeconds(60));
        return (process, error);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private async Task<string?> WaitUntilAnsweringAsync(string key, TimeSpan budget)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + budget;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                return $"Prism exited with code {_process.ExitCode}:\n{Output}";
            }

            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, BaseUrl + "/organization_permissions?limit=1");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                using var response = await http.SendAsync(request);
                if ((int)response.StatusCode < 500)
                {
                    return null;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Still starting.
            }

            await Task.Delay(250);
        }

        return $"Prism did not answer within {budget.TotalSeconds} s:\n{Output}";
    }
}

/// <summary>Records, per request, the status and the sl-violations entries Prism reported, split by who is to blame.</summary>
public sealed class ViolationRecorder : DelegatingHandler
{
    private readonly ConcurrentQueue<Exchange> _seen = new();

    public ViolationRecorder()
        : base(new SocketsHttpHandler())
    {
    }

    public IReadOnlyList<Exchange> Seen => [.. _seen];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var requestSide = new List<string>();
        var responseSide = new List<string>();
        if (response.Headers.TryGetValues("sl-violations", out var values))
        {
            foreach (var value in values)
            {
                Split(value, requestSide, responseSide);
            }
        }

        _seen.Enqueue(new Exchange(request.RequestUri!.PathAndQuery, (int)response.StatusCode, requestSide, responseSide));
        return response;
    }

    // location is a path array such as ["request","query","limit"]; only "request…" entries are the client's fault.
    private static void Split(string header, List<string> requestSide, List<string> responseSide)
    {
        using var doc = JsonDocument.Parse(header);
        var entries = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement.EnumerateArray().ToList() : [doc.RootElement];
        foreach (var entry in entries)
        {
            var location = entry.TryGetProperty("location", out var loc)
                ? loc.ValueKind == JsonValueKind.Array ? string.Join('.', loc.EnumerateArray().Select(e => e.ToString())) : loc.ToString()
                : "";
            if (location.StartsWith("request", StringComparison.Ordinal))
            {
                requestSide.Add(entry.GetRawText());
            }
            else if (location.StartsWith("response", StringComparison.Ordinal))
            {
                responseSide.Add(entry.GetRawText());
            }
        }
    }

    public sealed record Exchange(string Uri, int Status, IReadOnlyList<string> RequestViolations, IReadOnlyList<string> ResponseViolations);
}
