using Akka.Actor;
using BatonClerk.Engine.Clerk;

namespace BatonClerk.Engine.Sync.HeadStart;

/// <summary>
/// INTERNAL API. A fresh full sync's first requests, sent while its actor system and store start: they need nothing
/// the sync learns, so the ~0.3 s those take is no longer spent before Clerk is first asked (issue #15's start-up
/// goal). The sync's gate adopts their permits (<see cref="HeadStartGate"/>); its Clerk API, wrapped by
/// <see cref="Wrap"/>, answers each pager's matching first call with the early answer, once, as the pager's own call
/// would have ended: the early client retries as the sync's does, an error is Clerk's answer, and a 429 is handled by
/// the sync as any other (the gate pauses, the call is made again through it). An answer no pager asks for is dropped.
/// </summary>
internal sealed class HeadStartCalls : IDisposable
{
    private readonly HashSet<HeadStartKey> _untaken;
    private readonly Task<IReadOnlyDictionary<HeadStartKey, Task>> _sent;
    private readonly HttpClient? _ownedHttp;
    private readonly EarlyConnection? _early;
    private readonly object _lock = new();
    private readonly CancellationTokenSource _cancel = new();
    private int _disposed;

    private HeadStartCalls(IReadOnlyList<HeadStartCall> plan, Func<IRequestGate, ClerkClient> client, TimeProvider time, HttpClient? ownedHttp, System.Diagnostics.Activity? span, EarlyConnection? early = null)
    {
        _early = early;
        _untaken = [.. plan.Select(c => c.Key)];
        Planned = _untaken.Count;
        Gate = new HeadStartGate(time);
        _ownedHttp = ownedHttp;
        // The client's construction and the sends run on a pool thread: the caller goes on to start its actor system.
        _sent = Task.Run(() =>
        {
            if (span is not null)
            {
                System.Diagnostics.Activity.Current = span;
            }

            return Send(plan, client(Gate), _cancel.Token);
        });
    }

    internal HeadStartGate Gate { get; }

    /// <summary>The HTTP client the sync's own Clerk client should use (its connection is already open), if the head start made one.</summary>
    public HttpClient? Http => _ownedHttp;

    /// <summary>Early calls the sync's pagers have taken.</summary>
    public int Taken
    {
        get
        {
            lock (_lock)
            {
                return Planned - _untaken.Count;
            }
        }
    }

    public int Planned { get; }

    /// <summary>
    /// Starts the head start of a sync with these options, or returns null when there is none to make: a targeted
    /// sync, a budget under four times the planned requests, or a resumable working file left by an earlier run (what
    /// that run stored decides the first requests, and only its store knows). A narrower sync plans fewer calls.
    /// </summary>
    /// <param name="span">The sync's trace, under which the early requests are recorded.</param>
    public static HeadStartCalls? Begin(ValidatedSyncOptions options, System.Diagnostics.Activity? span = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Resumable
            && File.Exists(C1z.WorkingPaths.Resumable(options.OutputPath, options.WorkingDirectory)))
        {
            return null;
        }

        var plan = HeadStartCall.Plan(options.Settings);
        if (plan.Count == 0)
        {
            return null;
        }

        // The connection opens while the client is built; the sync's own client shares it afterwards.
        var early = EarlyConnection.Start(new Uri(options.ApiUrl));
        var http = new HttpClient(ClerkClient.CreateHandler(early is null ? null : early.ConnectAsync), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        return new HeadStartCalls(plan, gate => new ClerkClient(new ClerkClientOptions
        {
            SecretKey = options.SecretKey,
            BaseUrl = options.ApiUrl,
            AttemptTimeout = options.AttemptTimeout,
            MaxRetryAttempts = options.MaxRetryAttempts,
            Gate = gate,
            HttpClient = http,
        }), options.Settings.Time, http, span, early);
    }

    /// <summary>For callers that build their own Clerk client (the benchmark, tests): the same plan, their client.</summary>
    internal static HeadStartCalls? Begin(SyncSettings settings, Func<IRequestGate, ClerkClient> client)
    {
        var plan = HeadStartCall.Plan(settings);
        return plan.Count == 0 ? null : new HeadStartCalls(plan, client, settings.Time, null, null);
    }

    /// <summary>The sync's gate takes over the early requests' permits (and grants their retries); call it before any pager can ask for one.</summary>
    public void Attach(IActorRef gate, SyncMetrics metrics, IRequestGate syncGate) => Gate.Attach(gate, metrics, syncGate);

    /// <summary>The sync's Clerk API, answering each early call's twin from the head start; disposing it disposes this.</summary>
    public IClerkApi Wrap(IClerkApi api) => new HeadStartApi(api, this);

    /// <summary>The early answer to this call, once; false when there is none (not planned, or already taken).</summary>
    public bool TryTake<T>(HeadStartKey key, out Task<T> answer)
    {
        lock (_lock)
        {
            if (!_untaken.Remove(key))
            {
                answer = null!;
                return false;
            }
        }

        answer = AnswerAsync<T>(key);
        return true;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _cancel.Cancel();
        _ownedHttp?.Dispose();
        _early?.Dispose();
        _cancel.Dispose();
    }

    private async Task<T> AnswerAsync<T>(HeadStartKey key)
    {
        var sent = await _sent.ConfigureAwait(false);
        return await ((Task<T>)sent[key]).ConfigureAwait(false);
    }

    private IReadOnlyDictionary<HeadStartKey, Task> Send(IReadOnlyList<HeadStartCall> plan, ClerkClient client, CancellationToken cancellationToken)
    {
        var sent = new Dictionary<HeadStartKey, Task>(plan.Count);
        var gate = Gate;
        foreach (var call in plan)
        {
            var task = call.Send(client, cancellationToken);
            // Observed here, so an answer no pager takes (the sync failed first) is no unobserved exception; a 429
            // pauses the gate before any pager can send.
            _ = task.ContinueWith(
                t =>
                {
                    if (t.Exception?.InnerException is ClerkApiException { Kind: ClerkErrorKind.RateLimited } e)
                    {
                        gate.NoteRateLimited(e.RetryAfter);
                    }
                },
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            sent[call.Key] = task;
        }

        return sent;
    }
}
