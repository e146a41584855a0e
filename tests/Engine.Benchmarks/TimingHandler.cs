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
    private readonly System.Collections.Concurrent.ConcurrentQueue<long> _sent = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<(string Path, long Sent, long Ended)> _timeline = new();
    private long _firstSent;
    private long _lastReceived;

    public long FirstSent => Interlocked.Read(ref _firstSent);

    public long LastReceived => Interlocked.Read(ref _lastReceived);

    /// <summary>Requests sent in each second after the first one left, e.g. "0s 100, 1s 0, …" (where a window's budget went).</summary>
    public string SendsPerSecond()
    {
        var first = FirstSent;
        var buckets = new SortedDictionary<int, int>();
        foreach (var t in _sent)
        {
            var second = (int)Stopwatch.GetElapsedTime(first, t).TotalSeconds;
            buckets[second] = buckets.GetValueOrDefault(second) + 1;
        }

        var last = buckets.Count == 0 ? -1 : buckets.Keys.Max();
        return string.Join(" ", Enumerable.Range(0, last + 1).Select(s => buckets.GetValueOrDefault(s).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>Each request as "sent-ms ended-ms path", from the first send, in send order (where a window's budget went, request by request).</summary>
    public IEnumerable<string> Timeline()
    {
        var first = FirstSent;
        return _timeline.OrderBy(x => x.Sent).Select(x => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{Stopwatch.GetElapsedTime(first, x.Sent).TotalMilliseconds:F0} {Stopwatch.GetElapsedTime(first, x.Ended).TotalMilliseconds:F0} {x.Path}"));
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var sent = Stopwatch.GetTimestamp();
        Interlocked.CompareExchange(ref _firstSent, sent, 0);
        _sent.Enqueue(sent);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var now = Stopwatch.GetTimestamp();
        _timeline.Enqueue((request.RequestUri?.PathAndQuery ?? "", sent, now));
        long seen;
        while ((seen = Interlocked.Read(ref _lastReceived)) < now && Interlocked.CompareExchange(ref _lastReceived, now, seen) != seen)
        {
        }

        return response;
    }
}
