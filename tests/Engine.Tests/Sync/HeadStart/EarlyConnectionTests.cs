using System.Net;
using System.Net.Sockets;
using System.Text;
using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Sync.HeadStart;

namespace BatonClerk.Engine.Tests.Sync.HeadStart;

/// <summary>The connection a prepared sync opens before its first request, and how the HTTP handler takes it.</summary>
public sealed class EarlyConnectionTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Start_DirectTarget_ConnectsBeforeAnyRequest()
    {
        using var server = new TinyServer();
        using var early = EarlyConnection.Start(server.Uri, new NoProxy());

        Assert.NotNull(early);
        await server.Accepted(1).WaitAsync(Wait);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task ConnectAsync_FirstConnectionToTheTarget_IsTheEarlySocket()
    {
        using var server = new TinyServer();
        using var early = EarlyConnection.Start(server.Uri, new NoProxy())!;
        await server.Accepted(1).WaitAsync(Wait);
        using var http = new HttpClient(ClerkClient.CreateHandler(early.ConnectAsync));

        var body = await http.GetStringAsync(new Uri(server.Uri, "/v1/users")).WaitAsync(Wait);

        Assert.Equal("ok", body);
        Assert.Equal(1, server.Requests);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task ConnectAsync_AnotherEndpoint_ConnectsThereAndClosesTheEarlySocket()
    {
        using var target = new TinyServer();
        using var other = new TinyServer();
        using var early = EarlyConnection.Start(target.Uri, new NoProxy())!;
        var accepted = await target.Accepted(1).WaitAsync(Wait);
        using var http = new HttpClient(ClerkClient.CreateHandler(early.ConnectAsync));

        var body = await http.GetStringAsync(new Uri(other.Uri, "/v1/users")).WaitAsync(Wait);

        Assert.Equal("ok", body);
        Assert.Equal(1, other.Requests);
        await accepted.Closed.WaitAsync(Wait);
        Assert.Equal(0, target.Requests);
    }

    [Fact]
    public async Task Dispose_Untaken_ClosesTheEarlySocket()
    {
        using var server = new TinyServer();
        var early = EarlyConnection.Start(server.Uri, new NoProxy())!;
        var accepted = await server.Accepted(1).WaitAsync(Wait);

        early.Dispose();

        await accepted.Closed.WaitAsync(Wait);
    }

    [Fact]
    public async Task ConnectAsync_EarlyAttemptRefused_TheHandlersOwnAttemptConnects()
    {
        // A port nothing listens on yet: the early attempt is refused, then the server starts on that port.
        var port = TinyServer.FreePort();
        var uri = new Uri($"http://127.0.0.1:{port}/");
        using var early = EarlyConnection.Start(uri, new NoProxy())!;
        await Task.Delay(200);
        using var server = new TinyServer(port);
        using var http = new HttpClient(ClerkClient.CreateHandler(early.ConnectAsync));

        var body = await http.GetStringAsync(new Uri(uri, "/v1/users")).WaitAsync(Wait);

        Assert.Equal("ok", body);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public void Start_ThroughAProxy_OpensNothing()
    {
        using var server = new TinyServer();

        var early = EarlyConnection.Start(server.Uri, new WebProxy("http://127.0.0.1:9"));

        Assert.Null(early);
        Thread.Sleep(200);
        Assert.Equal(0, server.Connections);
    }

    private sealed class NoProxy : IWebProxy
    {
        public ICredentials? Credentials { get; set; }

        public Uri? GetProxy(Uri destination) => null;

        public bool IsBypassed(Uri host) => true;
    }

    /// <summary>Answers every request on every connection with "ok", counting connections and requests.</summary>
    private sealed class TinyServer : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Connection> _clients = [];
        private readonly List<(int Count, TaskCompletionSource<Connection> Done)> _waiters = [];
        private int _connections;
        private int _requests;

        public TinyServer(int port = 0)
        {
            _listener = new TcpListener(IPAddress.Loopback, port);
            _listener.Start();
            Uri = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
            _ = AcceptLoopAsync();
        }

        public Uri Uri { get; }

        public int Connections => Volatile.Read(ref _connections);

        public int Requests => Volatile.Read(ref _requests);

        public static int FreePort()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }

        /// <summary>The <paramref name="count"/>th accepted connection, once it is accepted.</summary>
        public Task<Connection> Accepted(int count)
        {
            lock (_clients)
            {
                if (_clients.Count >= count)
                {
                    return Task.FromResult(_clients[count - 1]);
                }

                var done = new TaskCompletionSource<Connection>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((count, done));
                return done.Task;
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            lock (_clients)
            {
                foreach (var connection in _clients)
                {
                    connection.Client.Dispose();
                }
            }
        }

        private async Task AcceptLoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception)
                {
                    return;
                }

                Interlocked.Increment(ref _connections);
                var connection = new Connection(client);
                lock (_clients)
                {
                    _clients.Add(connection);
                    foreach (var waiter in _waiters.Where(w => w.Count == _clients.Count).ToList())
                    {
                        waiter.Done.TrySetResult(connection);
                        _waiters.Remove(waiter);
                    }
                }

                _ = ServeAsync(connection);
            }
        }

        private async Task ServeAsync(Connection connection)
        {
            try
            {
                var stream = connection.Client.GetStream();
                var head = new StringBuilder();
                var buffer = new byte[1024];
                while (true)
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        connection.SeeClosed();
                        return;
                    }

                    head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                    if (head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                    {
                        head.Clear();
                        Interlocked.Increment(ref _requests);
                        await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"u8.ToArray(), _stop.Token);
                    }
                }
            }
            catch (Exception)
            {
                // The test ended, or the client reset the connection.
                connection.SeeClosed();
            }
        }
    }

    private sealed class Connection(TcpClient client)
    {
        private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TcpClient Client { get; } = client;

        /// <summary>Completes when the client closed its end.</summary>
        public Task Closed => _closed.Task;

        public void SeeClosed() => _closed.TrySetResult();
    }
}
