using System.Net;
using System.Text;

namespace BatonClerk.Engine.Service;

/// <summary>
/// INTERNAL API. A small JSON endpoint on an <see cref="HttpListener"/> (no ASP.NET): every request is answered with
/// the status and JSON body that <c>respond</c> gives for its method and path. The health endpoint and a fleet node's
/// bootstrap route are served by one each.
/// </summary>
internal sealed class JsonListener : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<string, string?, (HttpStatusCode Status, string Body)> _respond;
    private readonly Action<Exception> _clientWentAway;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    /// <param name="respond">The answer to a request, from its method and path.</param>
    /// <param name="clientWentAway">Told when a client left before its answer was written (worth a debug line at most).</param>
    public JsonListener(string prefix, Func<string, string?, (HttpStatusCode Status, string Body)> respond, Action<Exception> clientWentAway)
    {
        _respond = respond;
        _clientWentAway = clientWentAway;
        _listener.Prefixes.Add(prefix);
    }

    public void Start()
    {
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Close();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                var (status, body) = _respond(context.Request.HttpMethod, context.Request.Url?.AbsolutePath);
                var bytes = Encoding.UTF8.GetBytes(body);
                context.Response.StatusCode = (int)status;
                context.Response.ContentType = "application/json";
                context.Response.ContentLength64 = bytes.Length;
                context.Response.OutputStream.Write(bytes);
                context.Response.Close();
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
            {
                _clientWentAway(ex);
            }
        }
    }
}
