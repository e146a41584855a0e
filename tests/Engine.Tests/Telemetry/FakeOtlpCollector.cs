using System.Collections.Concurrent;
using System.Net;
using BatonClerk.Engine.Tests.Telemetry.Otlp.Logs;
using BatonClerk.Engine.Tests.Telemetry.Otlp.Metrics;
using BatonClerk.Engine.Tests.Telemetry.Otlp.Trace;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BatonClerk.Engine.Tests.Telemetry;

/// <summary>An OTLP/gRPC collector on 127.0.0.1 (plain HTTP/2) that keeps every export it receives.</summary>
internal sealed class FakeOtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeOtlpCollector(WebApplication app, Received received, int port)
    {
        _app = app;
        Data = received;
        Endpoint = $"127.0.0.1:{port}";
    }

    public string Endpoint { get; }

    public Received Data { get; }

    public static async Task<FakeOtlpCollector> StartAsync()
    {
        var received = new Received();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(received);
        var app = builder.Build();
        app.MapGrpcService<Traces>();
        app.MapGrpcService<Metrics>();
        app.MapGrpcService<Logs>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new FakeOtlpCollector(app, received, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal sealed class Received
    {
        public ConcurrentQueue<ExportTraceServiceRequest> Traces { get; } = new();

        public ConcurrentQueue<ExportMetricsServiceRequest> Metrics { get; } = new();

        public ConcurrentQueue<ExportLogsServiceRequest> Logs { get; } = new();
    }

    private sealed class Traces(Received received) : TraceService.TraceServiceBase
    {
        public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
        {
            received.Traces.Enqueue(request);
            return Task.FromResult(new ExportTraceServiceResponse());
        }
    }

    private sealed class Metrics(Received received) : MetricsService.MetricsServiceBase
    {
        public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
        {
            received.Metrics.Enqueue(request);
            return Task.FromResult(new ExportMetricsServiceResponse());
        }
    }

    private sealed class Logs(Received received) : LogsService.LogsServiceBase
    {
        public override Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context)
        {
            received.Logs.Enqueue(request);
            return Task.FromResult(new ExportLogsServiceResponse());
        }
    }
}
