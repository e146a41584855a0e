using System.Collections.Concurrent;
using System.Threading.Channels;
using BatonClerk.Engine.Baton.ServiceV1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using C1Task = BatonClerk.Engine.Baton.ServiceV1.Task;

namespace BatonClerk.Engine.Tests.Service.Fakes;

/// <summary>What the fake C1 serves and what it saw; tests script the former and assert on the latter.</summary>
internal sealed class FakeC1State
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new();
    private int _tokenRequests;
    private int _heartbeats;
    private int _uploadStreams;
    private int _hellos;
    private int _getTasks;

    public required byte[] ClientPublicKey { get; init; }

    // Scripted behaviour.
    public bool RejectTokens { get; set; }

    public int TokenExpiresIn { get; set; } = 3600;

    public Duration NextPoll { get; set; } = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(20));

    public Duration NextHeartbeat { get; set; } = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(50));

    /// <summary>Given the 1-based heartbeat number, returns a reply or throws an RpcException.</summary>
    public Func<int, BatonServiceHeartbeatResponse>? HeartbeatBehavior { get; set; }

    /// <summary>Given the 1-based Hello number, a status to fail it with (null lets it through).</summary>
    public Func<int, StatusCode?>? HelloFault { get; set; }

    /// <summary>How many GetTask calls fail with Unavailable before polling works.</summary>
    public int GetTaskFailures { get; set; }

    /// <summary>How many upload streams to abort after their first data message.</summary>
    public int UploadStreamsToDrop { get; set; }

    /// <summary>Aborts every upload stream that is not a c1z (a debug log), as a server failing that upload would.</summary>
    public bool DropDebugLogUploads { get; set; }

    public ConcurrentQueue<C1Task> Tasks { get; } = new();

    // Observations.
    public ConcurrentQueue<string> Errors { get; } = new();

    public ConcurrentQueue<BatonServiceHelloRequest> Hellos { get; } = new();

    public ConcurrentQueue<FakeUpload> Uploads { get; } = new();

    public ConcurrentDictionary<string, byte> IssuedTaskIds { get; } = new();

    /// <summary>Tasks FinishTask was called for: the fake rejects any later call about them.</summary>
    public ConcurrentDictionary<string, byte> FinishedTaskIds { get; } = new();

    public Channel<BatonServiceFinishTaskRequest> Finished { get; } = Channel.CreateUnbounded<BatonServiceFinishTaskRequest>();

    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    public int Heartbeats => Volatile.Read(ref _heartbeats);

    public int UploadStreams => Volatile.Read(ref _uploadStreams);

    public int HelloCalls => Volatile.Read(ref _hellos);

    public int GetTaskCalls => Volatile.Read(ref _getTasks);

    public int CountHello() => Interlocked.Increment(ref _hellos);

    public int CountGetTask() => Interlocked.Increment(ref _getTasks);

    public int CountTokenRequest() => Interlocked.Increment(ref _tokenRequests);

    public int CountHeartbeat() => Interlocked.Increment(ref _heartbeats);

    public int CountUploadStream() => Interlocked.Increment(ref _uploadStreams);

    public void Enqueue(C1Task task)
    {
        IssuedTaskIds[task.Id] = 0;
        Tasks.Enqueue(task);
    }

    public System.Collections.Concurrent.ConcurrentQueue<string> IssuedTokens { get; } = new();

    public string IssueToken()
    {
        var token = Guid.NewGuid().ToString("N");
        IssuedTokens.Enqueue(token);
        _tokens[token] = DateTimeOffset.UtcNow.AddSeconds(TokenExpiresIn);
        return token;
    }

    public void Authorize(ServerCallContext context)
    {
        var header = context.RequestHeaders.GetValue("authorization") ?? string.Empty;
        const string Prefix = "Bearer ";
        if (!header.StartsWith(Prefix, StringComparison.Ordinal)
            || !_tokens.TryGetValue(header[Prefix.Length..], out var expiresAt)
            || expiresAt < DateTimeOffset.UtcNow)
        {
            Errors.Enqueue($"unauthorized call to {context.Method}");
            throw new RpcException(new Status(StatusCode.Unauthenticated, "missing or invalid bearer token"));
        }
    }
}

internal sealed record FakeUpload(string TaskId, byte[] Content, IReadOnlyList<int> ChunkSizes)
{
    /// <summary>Tells a c1z from a debug log by its magic, as the reference says a server must.</summary>
    public bool IsC1z => IsC1zContent(Content);

    public static bool IsC1zContent(ReadOnlySpan<byte> content) => content.StartsWith("C1ZF\0"u8) || content.StartsWith("C1Z3\0"u8);
}
