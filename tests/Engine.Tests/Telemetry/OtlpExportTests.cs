using BatonClerk.Engine.Tests.Support;
using BatonClerk.Engine.Tests.Telemetry.Otlp.Common;
using BatonClerk.Simulator;
using Google.Protobuf;

namespace BatonClerk.Engine.Tests.Telemetry;

/// <summary>The real executable exports traces, metrics and logs to an OTLP/gRPC collector, with no secret in them.</summary>
public sealed class OtlpExportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("baton-clerk-otel-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static string? Attribute(IEnumerable<KeyValue> attributes, string key) =>
        attributes.FirstOrDefault(a => a.Key == key)?.Value is { } v
            ? v.ValueCase switch
            {
                AnyValue.ValueOneofCase.StringValue => v.StringValue,
                AnyValue.ValueOneofCase.IntValue => v.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                AnyValue.ValueOneofCase.BoolValue => v.BoolValue.ToString(),
                AnyValue.ValueOneofCase.DoubleValue => v.DoubleValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => null,
            }
            : null;

    private static async Task<(HostProcess.Result Run, FakeOtlpCollector.Received Data)> SyncWithCollectorAsync(params string[] extra)
    {
        using var sim = ClerkSimulator.Start(new SimulatorOptions { DatasetOptions = new SimDatasetOptions { Users = 700, Organizations = 20, Seed = 3 } });
        await using var collector = await FakeOtlpCollector.StartAsync();
        var dir = Directory.CreateTempSubdirectory("baton-clerk-otel-run-").FullName;
        try
        {
            var run = await HostProcess.RunAsync(
                ["--clerk-api-url", sim.BaseUrl, "-f", Path.Combine(dir, "sync.c1z"), "--log-format", "json",
                 "--otel-collector-endpoint", collector.Endpoint, "--otel-collector-endpoint-tls-insecure", .. extra],
                new Dictionary<string, string> { ["BATON_SECRET_KEY"] = sim.SecretKey },
                dir);
            Assert.True(run.ExitCode == 0, run.StdErr);
            var payload = string.Concat(collector.Data.Traces.Select(t => t.ToByteString().ToStringUtf8()))
                + string.Concat(collector.Data.Metrics.Select(t => t.ToByteString().ToStringUtf8()))
                + string.Concat(collector.Data.Logs.Select(t => t.ToByteString().ToStringUtf8()));
            Assert.DoesNotContain(sim.SecretKey, payload, StringComparison.Ordinal);
            Assert.DoesNotContain(sim.SecretKey["sk_test_".Length..], payload, StringComparison.Ordinal);
            return (run, collector.Data);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task Sync_WithCollector_ExportsSpansMetricsAndLogsAsBatonClerk()
    {
        var (_, data) = await SyncWithCollectorAsync();

        var resourceSpans = data.Traces.SelectMany(t => t.ResourceSpans).ToList();
        Assert.All(resourceSpans, r => Assert.Equal("baton-clerk", Attribute(r.Resource.Attributes, "service.name")));
        var spans = resourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans).ToList();
        var sync = Assert.Single(spans, s => s.Name == "sync");
        Assert.Equal("success", Attribute(sync.Attributes, "sync.outcome"));
        var phases = spans.Where(s => s.Name == "sync.phase").ToList();
        Assert.Equal(["memberships", "organizations", "permissions", "roles", "users"], phases.Select(p => Attribute(p.Attributes, "clerk.pager")).Order());
        Assert.All(phases, p => Assert.Equal(sync.SpanId, p.ParentSpanId));
        var requests = spans.Where(s => s.Name == "clerk.request").ToList();
        Assert.Contains(requests, r => Attribute(r.Attributes, "clerk.endpoint") == "/users" && Attribute(r.Attributes, "http.response.status_code") == "200");
        Assert.All(requests, r =>
        {
            Assert.NotNull(Attribute(r.Attributes, "clerk.attempt"));
            Assert.NotNull(Attribute(r.Attributes, "clerk.rate_limit_wait_ms"));
            Assert.Equal(sync.TraceId, r.TraceId);
        });

        var metrics = data.Metrics.SelectMany(m => m.ResourceMetrics).SelectMany(r => r.ScopeMetrics).SelectMany(s => s.Metrics).Select(m => m.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "baton_clerk.clerk.requests", "baton_clerk.gate.wait", "baton_clerk.sync.items", "baton_clerk.sync.pages", "baton_clerk.c1z.bytes", "baton_clerk.sync.duration", "baton_clerk.gate.permits_in_use" }, metrics);

        var logs = data.Logs.SelectMany(l => l.ResourceLogs).SelectMany(r => r.ScopeLogs).SelectMany(s => s.LogRecords).Select(l => l.Body.StringValue).ToList();
        Assert.Contains(logs, l => l.Contains("finished in", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sync_TracingAndLoggingDisabled_ExportsMetricsOnly()
    {
        var (_, data) = await SyncWithCollectorAsync("--otel-tracing-disabled", "--otel-logging-disabled");

        Assert.Empty(data.Traces);
        Assert.Empty(data.Logs);
        Assert.NotEmpty(data.Metrics);
    }

    [Theory]
    [InlineData("http://127.0.0.1:4317")]
    [InlineData("127.0.0.1")]
    [InlineData("collector:4317/v1")]
    public async Task Sync_MalformedCollectorEndpoint_IsAUsageError(string endpoint)
    {
        var run = await HostProcess.RunAsync(
            ["-f", Path.Combine(_dir, "sync.c1z"), "--otel-collector-endpoint", endpoint],
            new Dictionary<string, string> { ["BATON_SECRET_KEY"] = "sk_test_" + new string('a', 30) },
            _dir);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: --otel-collector-endpoint must be host:port, got '{endpoint}'", run.StdErr.Trim());
        Assert.Empty(Directory.GetFiles(_dir));
    }
}
