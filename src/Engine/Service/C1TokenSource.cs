using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;

namespace BatonClerk.Engine.Service;

/// <summary>
/// Obtains and caches ConductorOne access tokens. Failures surface as gRPC statuses so the task loop
/// treats a rejected credential exactly like the server rejecting a call (Unauthenticated is fatal).
/// </summary>
internal sealed class C1TokenSource : IDisposable
{
    // Used when the server omits expires_in: short enough that a revoked token is noticed quickly.
    private static readonly TimeSpan UnknownLifetime = TimeSpan.FromMinutes(1);

    private readonly ServiceCredentials _credentials;
    private readonly Uri _tokenUri;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly TimeSpan _refreshSkew;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile AccessToken? _current;

    public C1TokenSource(ServiceCredentials credentials, Uri apiBase, HttpClient http, TimeProvider time, TimeSpan refreshSkew)
    {
        _credentials = credentials;
        _tokenUri = new Uri(apiBase, "auth/v1/token");
        _http = http;
        _time = time;
        _refreshSkew = refreshSkew;
    }

    /// <summary>The value of the <c>authorization</c> header, e.g. <c>Bearer abc</c>.</summary>
    public async ValueTask<string> GetAuthorizationAsync(CancellationToken ct)
    {
        if (_current is { } cached && _time.GetUtcNow() < cached.RefreshAt)
        {
            return cached.AuthorizationValue;
        }

        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // Another caller may have refreshed while this one waited.
            if (_current is { } fresh && _time.GetUtcNow() < fresh.RefreshAt)
            {
                return fresh.AuthorizationValue;
            }

            var token = await FetchAsync(ct).ConfigureAwait(false);
            _current = token;
            return token.AuthorizationValue;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Drops the cached token, e.g. after the server answered Unauthenticated.</summary>
    public void Invalidate() => _current = null;

    public void Dispose() => _gate.Dispose();

    private async Task<AccessToken> FetchAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        using var form = new FormUrlEncodedContent(
        [
            new("client_id", _credentials.ClientId.Value),
            new("grant_type", "client_credentials"),
            new("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
            new("client_assertion", ClientAssertion.Create(_credentials, now)),
        ]);

        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsync(_tokenUri, form, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"token endpoint {_tokenUri} unreachable: {ex.Message}"));
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            // HttpClient's own timeout: retryable like any transport failure, not a shutdown.
            throw new RpcException(new Status(StatusCode.Unavailable, $"token endpoint {_tokenUri} timed out"));
        }

        using (response)
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new RpcException(new Status(
                    StatusCode.Unauthenticated,
                    $"token endpoint {_tokenUri} rejected the client credentials with HTTP {(int)response.StatusCode}"));
            }

            TokenResponse? body;
            try
            {
                body = await response.Content.ReadFromJsonAsync(TokenResponseContext.Default.TokenResponse, ct).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                body = null;
            }

            if (string.IsNullOrEmpty(body?.AccessToken))
            {
                throw new RpcException(new Status(StatusCode.Unauthenticated, $"token endpoint {_tokenUri} returned no access_token"));
            }

            var lifetime = body.ExpiresIn is > 0 ? TimeSpan.FromSeconds(body.ExpiresIn.Value) : UnknownLifetime;
            var header = $"{AccessToken.NormalizeType(body.TokenType)} {body.AccessToken}";
            return new AccessToken(header, now + lifetime - _refreshSkew);
        }
    }
}
