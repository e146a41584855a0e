using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BatonClerk.Engine.Diagnostics;

/// <summary>
/// The names under which the engine publishes traces and metrics. Hosts subscribe with
/// <c>AddSource(EngineTelemetry.SourceName)</c> and <c>AddMeter(EngineTelemetry.MeterName)</c>; nothing is recorded
/// when nobody listens. No attribute ever carries a secret: endpoints are path templates, ids are Clerk object ids.
/// </summary>
public static class EngineTelemetry
{
    public const string SourceName = "BatonClerk.Engine";
    public const string MeterName = "BatonClerk.Engine";

    internal static readonly ActivitySource Source = new(SourceName, typeof(EngineTelemetry).Assembly.GetName().Version?.ToString(3));
    internal static readonly Meter Meter = new(MeterName, typeof(EngineTelemetry).Assembly.GetName().Version?.ToString(3));

    internal static readonly Counter<long> ClerkRequests = Meter.CreateCounter<long>("baton_clerk.clerk.requests", "{request}", "Clerk HTTP attempts by endpoint and status");
    internal static readonly Counter<long> RateLimited = Meter.CreateCounter<long>("baton_clerk.clerk.rate_limited", "{response}", "429 answers from Clerk");
    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>("baton_clerk.clerk.retries", "{attempt}", "Attempts retried after a transient failure");
    internal static readonly Histogram<double> GateWait = Meter.CreateHistogram<double>("baton_clerk.gate.wait", "s", "Time a request waited for a rate-limit permit");
    internal static readonly UpDownCounter<long> PermitsInUse = Meter.CreateUpDownCounter<long>("baton_clerk.gate.permits_in_use", "{permit}", "Rate-limit permits held by requests in flight");
    internal static readonly Counter<long> Items = Meter.CreateCounter<long>("baton_clerk.sync.items", "{item}", "Clerk objects stored, by endpoint");
    internal static readonly Counter<long> Pages = Meter.CreateCounter<long>("baton_clerk.sync.pages", "{page}", "Pages stored, by endpoint");
    internal static readonly Counter<long> C1zBytes = Meter.CreateCounter<long>("baton_clerk.c1z.bytes", "By", "Bytes of published c1z files");
    internal static readonly Histogram<double> SyncDuration = Meter.CreateHistogram<double>("baton_clerk.sync.duration", "s", "Duration of finished syncs, by outcome");

    /// <summary>Clerk ids in a path become placeholders, so endpoints group and no per-object cardinality leaks.</summary>
    internal static string Endpoint(string path)
    {
        var parts = path.Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Contains('_', StringComparison.Ordinal) && i > 0 && parts[i - 1] is "organizations" or "users" or "memberships")
            {
                parts[i] = "{id}";
            }
        }

        return string.Join('/', parts);
    }
}
