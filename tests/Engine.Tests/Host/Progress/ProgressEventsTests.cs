using System.Text.Json;
using BatonClerk.Host.Logging;
using BatonClerk.Host.Progress;

namespace BatonClerk.Engine.Tests.Host.Progress;

public sealed class ProgressEventsTests
{
    [Fact]
    public void Report_JsonLogs_WritesOneStructuredEventWithPercentEtaAndPerTypeState()
    {
        var output = new StringWriter();
        using (var logger = LogSetup.Create(new BatonClerk.Host.Configuration.LogSettings(Serilog.Events.LogEventLevel.Information, "json", [], null), output))
        {
            new ProgressEvents(logger).Report(ProgressSamples.MidSync());
        }

        using var json = JsonDocument.Parse(output.ToString().Trim());
        var e = json.RootElement;
        Assert.Equal("sync_progress", e.GetProperty("event").GetString());
        Assert.Equal(37.5, e.GetProperty("percent").GetDouble());
        Assert.Equal(192, e.GetProperty("eta_seconds").GetDouble());
        Assert.False(e.GetProperty("eta_is_lower_bound").GetBoolean());
        Assert.True(e.GetProperty("waiting_for_budget").GetBoolean());
        Assert.Equal(5, e.GetProperty("budget_per_second").GetDouble());
        Assert.Equal(41, e.GetProperty("requests").GetInt64());
        Assert.Equal(3, e.GetProperty("rate_limited").GetInt64());
        Assert.Equal(2, e.GetProperty("retries").GetInt64());
        var users = e.GetProperty("types").GetProperty("users");
        Assert.Equal(1000, users.GetProperty("items").GetInt64());
        Assert.Equal(5000, users.GetProperty("expected").GetInt64());
        Assert.Equal(10, users.GetProperty("planned_pages").GetInt64());
        Assert.Equal("waiting_for_budget", users.GetProperty("state").GetString());
        var grants = e.GetProperty("types").GetProperty("grants");
        Assert.Equal(JsonValueKind.Null, grants.GetProperty("expected").ValueKind);
        Assert.Equal("queued", grants.GetProperty("state").GetString());
    }

    [Fact]
    public void Report_EtaUnknown_WritesNullEta()
    {
        var output = new StringWriter();
        using (var logger = LogSetup.Create(new BatonClerk.Host.Configuration.LogSettings(Serilog.Events.LogEventLevel.Information, "json", [], null), output))
        {
            new ProgressEvents(logger).Report(ProgressSamples.MidSync(eta: null));
        }

        using var json = JsonDocument.Parse(output.ToString().Trim());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("eta_seconds").ValueKind);
    }
}
