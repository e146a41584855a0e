using BatonClerk.Engine.Baton.ServiceV1;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace BatonClerk.Engine.Service;

/// <summary>
/// BatonService over TLS with a fresh bearer token on every call and host_id filled in.
/// A rejected token (Unauthenticated) is dropped so the next call fetches a new one.
/// </summary>
internal sealed class C1ServiceClient : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly BatonService.BatonServiceClient _client;
    private readonly C1TokenSource _tokens;
    private readonly HttpClient _tokenHttp;

    public C1ServiceClient(ServiceOptions options, ServiceCredentials credentials, TimeProvider time)
    {
        HostId = options.HostId;
        var apiBase = options.ApiBase(credentials.ClientId);
        var tokenHttp = new HttpClient(C1HttpHandlers.Create(options), disposeHandler: true)
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
        tokenHttp.DefaultRequestHeaders.UserAgent.ParseAdd("baton-c1-credential-provider");
        _tokens = new C1TokenSource(credentials, apiBase, tokenHttp, time, options.TokenRefreshSkew);
        _channel = GrpcChannel.ForAddress(apiBase, new GrpcChannelOptions
        {
            HttpHandler = C1HttpHandlers.Create(options),
            DisposeHttpClient = true,
            ThrowOperationCanceledOnCancellation = true,
            // Uploads are retried whole by the uploader; a transparent gRPC retry would only hide that.
            MaxRetryAttempts = 0,
        });
        _client = new BatonService.BatonServiceClient(_channel.Intercept(new C1CallTracing()));
        _tokenHttp = tokenHttp;
    }

    public string HostId { get; }

    public Task<BatonServiceHelloResponse> HelloAsync(BatonServiceHelloRequest request, CancellationToken ct)
    {
        request.HostId = HostId;
        return CallAsync(o => _client.HelloAsync(request, o).ResponseAsync, ct);
    }

    public Task<BatonServiceGetTaskResponse> GetTaskAsync(CancellationToken ct) =>
        CallAsync(o => _client.GetTaskAsync(new BatonServiceGetTaskRequest { HostId = HostId }, o).ResponseAsync, ct);

    public Task<BatonServiceHeartbeatResponse> HeartbeatAsync(string taskId, CancellationToken ct) =>
        CallAsync(o => _client.HeartbeatAsync(new BatonServiceHeartbeatRequest { HostId = HostId, TaskId = taskId }, o).ResponseAsync, ct);

    public Task<BatonServiceFinishTaskResponse> FinishTaskAsync(BatonServiceFinishTaskRequest request, CancellationToken ct)
    {
        request.HostId = HostId;
        return CallAsync(o => _client.FinishTaskAsync(request, o).ResponseAsync, ct);
    }

    public async Task<AsyncClientStreamingCall<BatonServiceUploadAssetRequest, BatonServiceUploadAssetResponse>> StartUploadAsync(CancellationToken ct) =>
        _client.UploadAsset(await OptionsAsync(ct).ConfigureAwait(false));

    /// <summary>Marks the token bad after an Unauthenticated reply from a streaming call.</summary>
    public void ObserveFailure(RpcException ex)
    {
        if (ex.StatusCode == StatusCode.Unauthenticated)
        {
            _tokens.Invalidate();
        }
    }

    public void Dispose()
    {
        _channel.Dispose();
        _tokenHttp.Dispose();
        _tokens.Dispose();
    }

    private async Task<T> CallAsync<T>(Func<CallOptions, Task<T>> call, CancellationToken ct)
    {
        var options = await OptionsAsync(ct).ConfigureAwait(false);
        try
        {
            return await call(options).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            ObserveFailure(ex);
            throw;
        }
    }

    private async Task<CallOptions> OptionsAsync(CancellationToken ct)
    {
        var headers = new Metadata { { "authorization", await _tokens.GetAuthorizationAsync(ct).ConfigureAwait(false) } };
        return new CallOptions(headers, cancellationToken: ct);
    }
}
