using System.Net.Security;
using System.Security.Authentication;

namespace BatonClerk.Engine.Service;

/// <summary>Creates the TLS-only HTTP handlers used for the token endpoint and gRPC.</summary>
internal static class C1HttpHandlers
{
    public static HttpMessageHandler Create(ServiceOptions options)
    {
        if (options.HttpMessageHandlerFactory is { } factory)
        {
            return factory();
        }

        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            EnableMultipleHttp2Connections = true,

            // No HTTP/2 keep-alive pings: grpc-go servers answer pings more frequent than every
            // 5 minutes with GOAWAY (too_many_pings). Heartbeats keep the connection busy anyway.
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            },
        };

        if (options.ServerCertificateValidation is { } validate)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = validate;
        }

        return handler;
    }
}
