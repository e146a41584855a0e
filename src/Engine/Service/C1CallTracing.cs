using System.Diagnostics;
using BatonClerk.Engine.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace BatonClerk.Engine.Service;

/// <summary>
/// One client span per BatonService call (Hello, GetTask, Heartbeat, FinishTask, UploadAsset), named and tagged as
/// OpenTelemetry's RPC conventions have it. The bearer token travels in the headers and is never recorded.
/// </summary>
internal sealed class C1CallTracing : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var activity = Start(context.Method);
        var call = continuation(request, context);
        return new AsyncUnaryCall<TResponse>(
            Observe(call.ResponseAsync, activity), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var activity = Start(context.Method);
        var call = continuation(context);
        return new AsyncClientStreamingCall<TRequest, TResponse>(
            call.RequestStream, Observe(call.ResponseAsync, activity), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    private static Activity? Start(IMethod method)
    {
        var activity = EngineTelemetry.Source.StartActivity(method.FullName.TrimStart('/'), ActivityKind.Client);
        activity?.SetTag("rpc.system", "grpc");
        activity?.SetTag("rpc.service", method.ServiceName);
        activity?.SetTag("rpc.method", method.Name);
        return activity;
    }

    private static async Task<T> Observe<T>(Task<T> response, Activity? activity)
    {
        try
        {
            var result = await response.ConfigureAwait(false);
            activity?.SetTag("rpc.grpc.status_code", (int)StatusCode.OK);
            return result;
        }
        catch (RpcException e)
        {
            activity?.SetTag("rpc.grpc.status_code", (int)e.StatusCode);
            activity?.SetStatus(ActivityStatusCode.Error, e.StatusCode.ToString());
            throw;
        }
        catch (OperationCanceledException)
        {
            activity?.SetTag("rpc.grpc.status_code", (int)StatusCode.Cancelled);
            throw;
        }
        finally
        {
            activity?.Dispose();
        }
    }
}
