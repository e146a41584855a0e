using System.Net;
using System.Net.Sockets;

namespace BatonClerk.Engine.Sync.HeadStart;

/// <summary>
/// INTERNAL API. One TCP connection to Clerk, opened on a thread of its own the moment a sync is prepared, while the
/// head start's client is still being built; the HTTP handler's first connection to that host and port takes it, and
/// every other connection is opened as the handler would open it. A process's first connection is slow to open (the
/// runtime's socket engine starts with it), and this takes that, and the TCP handshake, off the first request's path.
/// </summary>
internal sealed class EarlyConnection : IDisposable
{
    private readonly DnsEndPoint _target;
    private Task<Socket>? _early;

    private EarlyConnection(DnsEndPoint target)
    {
        _target = target;
        _early = StartUpWork.Run(() => OpenAsync(target, CancellationToken.None)).Unwrap();
        // Observed here: a connection nobody takes must not surface as an unobserved exception.
        _ = _early.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// Starts connecting to <paramref name="api"/>'s host; null when requests there go through a proxy (the handler
    /// connects to the proxy instead). <paramref name="proxy"/> is the handler's, by default the process's.
    /// </summary>
    public static EarlyConnection? Start(Uri api, IWebProxy? proxy = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        proxy ??= HttpClient.DefaultProxy;
        var direct = proxy.IsBypassed(api) || proxy.GetProxy(api) is null;
        return direct ? new EarlyConnection(new DnsEndPoint(api.IdnHost, api.Port)) : null;
    }

    /// <summary>The handler's <see cref="SocketsHttpHandler.ConnectCallback"/>.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var early = Interlocked.Exchange(ref _early, null);
        if (early is not null)
        {
            if (Same(context.DnsEndPoint, _target))
            {
                try
                {
                    return new NetworkStream(await early.WaitAsync(cancellationToken).ConfigureAwait(false), ownsSocket: true);
                }
                catch (Exception e) when (e is SocketException or IOException && !cancellationToken.IsCancellationRequested)
                {
                    // The early attempt failed: the handler's own attempt below is the one whose error counts.
                }
            }
            else
            {
                Drop(early);
            }
        }

        return new NetworkStream(await OpenAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false), ownsSocket: true);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _early, null) is { } early)
        {
            Drop(early);
        }
    }

    // As the handler connects by default: a dual-mode TCP socket with Nagle's delay off.
    private static async Task<Socket> OpenAsync(DnsEndPoint target, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool Same(DnsEndPoint a, DnsEndPoint b) =>
        a.Port == b.Port && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase);

    private static void Drop(Task<Socket> early) =>
        _ = early.ContinueWith(static t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
