using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using BatonClerk.Engine.Clerk;

namespace BatonClerk.Engine.Tests.Clerk;

/// <summary>
/// One Stoplight Prism process serving the official Clerk spec for the whole contract test class. Prism validates
/// every request against the spec and reports what it disliked in the sl-violations response header.
/// </summary>
public sealed class PrismFixture : IAsyncLifetime
{
    public const string Key = "sk_test_prismcontract";
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    public string? StartError { get; private set; }
    public string BaseUrl { get; private set; } = "";
    public ViolationRecorder Recorder { get; } = new();

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

    public async Task InitializeAsync()
    {
        var root = RepoRoot();
        var prism = Path.Combine(root, "tests", "prism", "node_modules", ".bin", OperatingSystem.IsWindows() ? "prism.cmd" : "prism");
        var spec = Path.GetFullPath(Path.Combine(root, "..", "shared", "clerk", "2026-05-12.yml"));
        if (!File.Exists(prism))
        {
            StartError = $"Prism is not installed at {prism}: run `npm ci` in tests/prism (test.sh does this).";
            return;
        }

        if (!File.Exists(spec))
        {
            StartError = $"The Clerk spec is missing at {spec}; shared/ must sit beside the repository folder.";
            return;
        }

        var port = ClerkStub.FreePort();
        var start = new ProcessStartInfo(prism)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "mock", "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), spec })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("Prism did not start.");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        BaseUrl = $"http://127.0.0.1:{port}";
        StartError = await WaitUntilAnsweringAsync(TimeSpan.FromSeconds(60));
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process?.Dispose();
        return Task.CompletedTask;
    }

    public ClerkClient Client() => new(new ClerkClientOptions
    {
        SecretKey = Key,
        BaseUrl = BaseUrl,
        MaxRetryAttempts = 0,
        HttpMessageHandler = Recorder,
    });

    public string Output => string.Join('\n', _output.TakeLast(40));

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private async Task<string?> WaitUntilAnsweringAsync(TimeSpan budget)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + budget;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                return $"Prism exited with code {_process.ExitCode}:\n{Output}";
            }

            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, BaseUrl + "/organization_permissions?limit=1");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
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

/// <summary>Records, per request, the status and the sl-violations entries Prism blamed on the request.</summary>
public sealed class ViolationRecorder : DelegatingHandler
{
    private readonly ConcurrentQueue<(string Uri, int Status, IReadOnlyList<string> RequestViolations)> _seen = new();

    public ViolationRecorder()
        : base(new SocketsHttpHandler())
    {
    }

    public IReadOnlyList<(string Uri, int Status, IReadOnlyList<string> RequestViolations)> Seen => [.. _seen];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var violations = new List<string>();
        if (response.Headers.TryGetValues("sl-violations", out var values))
        {
            foreach (var value in values)
            {
                violations.AddRange(RequestViolations(value));
            }
        }

        _seen.Enqueue((request.RequestUri!.PathAndQuery, (int)response.StatusCode, violations));
        return response;
    }

    // location is a path array such as ["request","query","limit"]; only "request…" entries are the client's fault.
    private static IEnumerable<string> RequestViolations(string header)
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
                yield return entry.GetRawText();
            }
        }
    }
}
