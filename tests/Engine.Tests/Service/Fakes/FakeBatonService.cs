using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Svc = BatonClerk.Engine.Baton.ServiceV1;
using Grpc.Core;
using Kind = BatonClerk.Engine.Baton.ServiceV1.BatonServiceUploadAssetRequest.MsgOneofCase;

namespace BatonClerk.Engine.Tests.Service.Fakes;

/// <summary>BatonService as the reference describes C1's side of it, with scripted faults.</summary>
internal sealed partial class FakeBatonService(FakeC1State state) : Svc.BatonService.BatonServiceBase
{
    public override Task<Svc.BatonServiceHelloResponse> Hello(Svc.BatonServiceHelloRequest request, ServerCallContext context)
    {
        state.Authorize(context);
        if (state.HelloFault?.Invoke(state.CountHello()) is { } fault)
        {
            throw new RpcException(new Status(fault, "scripted hello failure"));
        }

        var strings = new[]
        {
            request.HostId, request.BuildInfo?.LangVersion, request.BuildInfo?.Package, request.BuildInfo?.PackageVersion,
            request.OsInfo?.Hostname, request.OsInfo?.Os, request.OsInfo?.Platform, request.OsInfo?.PlatformVersion,
            request.OsInfo?.PlatformFamily, request.OsInfo?.KernelVersion, request.OsInfo?.KernelArch, request.OsInfo?.VirtualizationSystem,
        };
        if (strings.Any(string.IsNullOrEmpty) || request.ConnectorMetadata is null || (request.TaskId.Length > 0 && !IsTaskId(request.TaskId)))
        {
            state.Errors.Enqueue("invalid Hello");
            throw new RpcException(new Status(StatusCode.InvalidArgument, "invalid hello"));
        }

        state.Hellos.Enqueue(request);
        return Task.FromResult(new Svc.BatonServiceHelloResponse());
    }

    public override Task<Svc.BatonServiceGetTaskResponse> GetTask(Svc.BatonServiceGetTaskRequest request, ServerCallContext context)
    {
        state.Authorize(context);
        if (state.CountGetTask() <= state.GetTaskFailures)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "scripted poll failure"));
        }

        var reply = new Svc.BatonServiceGetTaskResponse { NextPoll = state.NextPoll };
        if (state.Tasks.TryDequeue(out var task))
        {
            reply.Task = task;
        }

        return Task.FromResult(reply);
    }

    public override Task<Svc.BatonServiceHeartbeatResponse> Heartbeat(Svc.BatonServiceHeartbeatRequest request, ServerCallContext context)
    {
        state.Authorize(context);
        CheckTask(request.TaskId, "Heartbeat");
        var number = state.CountHeartbeat();
        var reply = state.HeartbeatBehavior?.Invoke(number) ?? new Svc.BatonServiceHeartbeatResponse { NextHeartbeat = state.NextHeartbeat };
        return Task.FromResult(reply);
    }

    public override async Task<Svc.BatonServiceUploadAssetResponse> UploadAsset(
        IAsyncStreamReader<Svc.BatonServiceUploadAssetRequest> requestStream, ServerCallContext context)
    {
        state.Authorize(context);
        var stream = state.CountUploadStream();
        if (!await requestStream.MoveNext() || requestStream.Current.MsgCase != Kind.Metadata)
        {
            throw Invalid("upload did not start with metadata");
        }

        var taskId = requestStream.Current.Metadata.TaskId;
        CheckTask(taskId, "UploadAsset");
        using var content = new MemoryStream();
        var chunks = new List<int>();
        while (await requestStream.MoveNext())
        {
            var message = requestStream.Current;
            if (message.MsgCase == Kind.Data)
            {
                if (message.Data.Data.Length is < 1 or > 1024 * 1024)
                {
                    throw Invalid("data chunk size out of range");
                }

                chunks.Add(message.Data.Data.Length);
                message.Data.Data.WriteTo(content);
                if (chunks.Count == 1 && (stream <= state.UploadStreamsToDrop || (state.DropDebugLogUploads && !FakeUpload.IsC1zContent(message.Data.Data.Span))))
                {
                    throw new RpcException(new Status(StatusCode.Unavailable, "stream dropped by fake"));
                }

                continue;
            }

            if (message.MsgCase != Kind.Eof || !SHA256.HashData(content.ToArray()).AsSpan().SequenceEqual(message.Eof.Sha256Checksum.Span))
            {
                throw Invalid("upload did not end with a matching EOF");
            }

            // Only a stream that ended with a valid EOF counts as an upload.
            state.Uploads.Enqueue(new FakeUpload(taskId, content.ToArray(), chunks));
            return new Svc.BatonServiceUploadAssetResponse();
        }

        throw Invalid("upload ended without EOF");
    }

    public override Task<Svc.BatonServiceFinishTaskResponse> FinishTask(Svc.BatonServiceFinishTaskRequest request, ServerCallContext context)
    {
        state.Authorize(context);
        CheckTask(request.TaskId, "FinishTask");
        state.FinishedTaskIds[request.TaskId] = 0;
        state.Finished.Writer.TryWrite(request);
        return Task.FromResult(new Svc.BatonServiceFinishTaskResponse());
    }

    private void CheckTask(string taskId, string method)
    {
        if (!IsTaskId(taskId) || !state.IssuedTaskIds.ContainsKey(taskId))
        {
            throw Invalid($"{method} for unknown task '{taskId}'");
        }

        if (state.FinishedTaskIds.ContainsKey(taskId))
        {
            // C1 considers a task over once FinishTask arrives; a client still working on it is a bug.
            throw Invalid($"{method} for task '{taskId}' after FinishTask");
        }
    }

    private RpcException Invalid(string reason)
    {
        state.Errors.Enqueue(reason);
        return new RpcException(new Status(StatusCode.InvalidArgument, reason));
    }

    private static bool IsTaskId(string id) => TaskIdRegex().IsMatch(id);

    [GeneratedRegex("^[a-zA-Z0-9]{27}$")]
    private static partial Regex TaskIdRegex();
}
