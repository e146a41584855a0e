using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BatonClerk.Engine.Service;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BatonClerk.Engine.Tests.Service.Fakes;

/// <summary>
/// A fake ConductorOne on one TLS port of 127.0.0.1: the token endpoint and BatonService, as
/// BATON_C1_API_HOST requires.
/// </summary>
internal sealed class FakeC1Server : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;

    private FakeC1Server(WebApplication app, X509Certificate2 certificate, FakeC1State state, TestCredentials credentials, int port)
    {
        _app = app;
        _certificate = certificate;
        State = state;
        Credentials = credentials;
        ApiHost = $"127.0.0.1:{port}";
    }

    public FakeC1State State { get; }

    public TestCredentials Credentials { get; }

    public string ApiHost { get; }

    /// <summary>The server certificate as PEM, for a child process that must trust it (SSL_CERT_FILE).</summary>
    public string CertificatePem => _certificate.ExportCertificatePem();

    public static async Task<FakeC1Server> StartAsync()
    {
        var credentials = TestCredentials.Create();
        var state = new FakeC1State { ClientPublicKey = credentials.PublicKey };
        var certificate = SelfSignedCertificate.Create();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(certificate);
        }));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(state);
        var app = builder.Build();
        app.MapPost("/auth/v1/token", (RequestDelegate)(context => FakeTokenEndpoint.HandleAsync(context, state)));
        app.MapGrpcService<FakeBatonService>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new FakeC1Server(app, certificate, state, credentials, new Uri(address).Port);
    }

    /// <summary>Options pointing at this fake, trusting only its certificate, with test-sized intervals.</summary>
    public ServiceOptions CreateOptions(string tempDirectory, int taskConcurrency = 3)
    {
        var pinned = _certificate.GetCertHashString(HashAlgorithmName.SHA256);
        return new ServiceOptions
        {
            ClientId = TestCredentials.ClientId,
            ClientSecret = Credentials.Secret,
            ApiHost = ApiHost,
            HostId = "test-host",
            TempDirectory = tempDirectory,
            ServerCertificateValidation = (_, cert, _, _) => cert is not null && cert.GetCertHashString(HashAlgorithmName.SHA256) == pinned,
            DefaultHeartbeatInterval = TimeSpan.FromMilliseconds(50),
            MinHeartbeatInterval = TimeSpan.FromMilliseconds(10),
            DefaultPollInterval = TimeSpan.FromMilliseconds(20),
            PollErrorBackoffUnit = TimeSpan.FromMilliseconds(10),
            PollErrorBackoffMax = TimeSpan.FromMilliseconds(100),
            HelloInitialBackoff = TimeSpan.FromMilliseconds(10),
            HelloMaxBackoff = TimeSpan.FromMilliseconds(100),
            UploadRetryDelay = TimeSpan.FromMilliseconds(10),
            FinishTaskTimeout = TimeSpan.FromSeconds(5),
            TaskConcurrency = taskConcurrency,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _certificate.Dispose();
    }
}
