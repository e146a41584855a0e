using System.Diagnostics;

namespace BatonClerk.Benchmarks;

/// <summary>
/// Wraps the engine's HTTP handler (same settings as the client's own) to see when the first request leaves and
/// when the last response's headers arrive (where the engine ends a permit), which is how start-up and shut-down overheads are told apart from the rate floor.
/// </summary>
internal sealed class TimingHandler() : DelegatingHandler(new SocketsHttpHandler
{
    AutomaticDecompression = System.Net.DecompressionMethods.All,
    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    ConnectTimeout = TimeSpan.FromSeconds(15),
})
{
    private long _firstSent;
    private long _lastReceived;

    public long FirstSent => Interlocked.Read(ref _firstSent);

    public long LastReceived => Interlocked.Read(ref _lastReceived);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.CompareExchange(ref _firstSent, Stopwatch.GetTimestamp(), 0);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var now = Stopwatch.GetTimestamp();
        long seen;
        while ((seen = Interlocked.Read(ref _lastReceived)) < now && Interlocked.CompareExchange(ref _lastReceived, now, seen) != seen)
        {
        }

        return response;
    }
}
