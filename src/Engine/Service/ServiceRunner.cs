using System.Collections.Concurrent;
using BatonClerk.Engine.Baton.V2;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using C1Task = BatonClerk.Engine.Baton.ServiceV1.Task;

namespace BatonClerk.Engine.Service;

/// <summary>
/// The ConductorOne service-mode loop: startup Hello, then GetTask polling with up to
/// <see cref="ServiceOptions.TaskConcurrency"/> tasks at once. Cancelling <see cref="RunAsync"/>'s token stops
/// polling and aborts the running tasks, which still report their outcome; its drain token stops polling only, so
/// the running tasks finish first (a fleet node handing its registrations off).
/// </summary>
internal sealed class ServiceRunner : IDisposable
{
    private readonly ServiceOptions _options;
    private readonly ConnectorMetadata _metadata;
    private readonly ServiceHealth _health;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ServiceCredentials _credentials;
    private readonly C1ServiceClient _client;
    private readonly TaskDispatcher _dispatcher;

    /// <param name="provisioning">Runs Grant and Revoke tasks; null (provisioning off) refuses them without a write.</param>
    /// <exception cref="ServiceConfigurationException">The options or credentials are invalid.</exception>
    public ServiceRunner(
        ServiceOptions options,
        IServiceSyncJob syncJob,
        ConnectorMetadata connectorMetadata,
        ServiceHealth? health = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        IServiceProvisioning? provisioning = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(syncJob);
        ArgumentNullException.ThrowIfNull(connectorMetadata);
        _credentials = options.Credentials();
        _options = options;
        _metadata = connectorMetadata;
        _health = health ?? new ServiceHealth();
        _time = timeProvider ?? TimeProvider.System;
        // Debug tasks see service mode's own records at debug level, whatever level the host logs at.
        _logger = new TaskDebugLoggerFactory(loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ServiceRunner>();
        _client = new C1ServiceClient(options, _credentials, _time);
        var finisher = new TaskFinisher(_client, options, _logger);
        var uploader = new AssetUploader(_client, options, _time, _logger);
        var syncFull = new SyncFullHandler(_client, syncJob, uploader, finisher, options, new DebugLogPaths(options.TempDirectory), _time, _logger);
        var grants = provisioning is null ? null : new ProvisioningTaskHandler(provisioning, finisher, _logger);
        _dispatcher = new TaskDispatcher(syncFull, grants, AnswerHelloTaskAsync, finisher, _logger);
    }

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> is cancelled (returns normally) or ConductorOne
    /// rejects the connector at startup (<see cref="ServiceFatalException"/>).
    /// </summary>
    /// <param name="drain">Stops taking tasks; returns once the running ones are over (or <paramref name="cancellationToken"/> aborts them).</param>
    public async Task RunAsync(CancellationToken cancellationToken, CancellationToken drain = default)
    {
        using var polling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, drain);
        try
        {
            await HelloWithRetryAsync(polling.Token).ConfigureAwait(false);
            _health.SetReady(true);
            await PollAsync(polling.Token, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (polling.IsCancellationRequested)
        {
            _logger.LogInformation(cancellationToken.IsCancellationRequested ? "Service mode stopped" : "Service mode drained: no task is running");
        }
        finally
        {
            _health.SetReady(false);
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _credentials.Dispose();
    }

    private async Task HelloWithRetryAsync(CancellationToken ct)
    {
        var delay = _options.HelloInitialBackoff;
        while (true)
        {
            try
            {
                await _client.HelloAsync(HelloPayload.Build(string.Empty, _metadata, _options), ct).ConfigureAwait(false);
                _logger.LogInformation("Connected to ConductorOne as host {HostId}", _options.HostId);
                return;
            }
            catch (RpcException ex) when (FatalStatus.IsFatal(ex.StatusCode))
            {
                throw new ServiceFatalException(
                    $"ConductorOne rejected the connector at startup ({ex.StatusCode}: {ex.Status.Detail}); {FatalStatus.Hint(ex.StatusCode)}.",
                    ex);
            }
            catch (RpcException ex)
            {
                _logger.LogWarning("Hello failed ({Status}); retrying in {Delay}", ex.Status, delay);
                await Task.Delay(delay, _time, ct).ConfigureAwait(false);
                delay = delay * 2 > _options.HelloMaxBackoff ? _options.HelloMaxBackoff : delay * 2;
            }
        }
    }

    // As the SDK: a task slot is taken before GetTask and given back when the task is over, so at most
    // TaskConcurrency tasks run at once and a long sync never keeps Hello or other tasks from being answered.
    // Polling stops on `ct`; the tasks themselves run on `tasksCt`, so a drain lets them finish.
    private async Task PollAsync(CancellationToken ct, CancellationToken tasksCt)
    {
        using var slots = new SemaphoreSlim(_options.TaskConcurrency, _options.TaskConcurrency);
        var running = new ConcurrentDictionary<string, Task>(StringComparer.Ordinal);
        try
        {
            var errors = 0;
            while (true)
            {
                await slots.WaitAsync(ct).ConfigureAwait(false);
                Baton.ServiceV1.BatonServiceGetTaskResponse reply;
                try
                {
                    reply = await _client.GetTaskAsync(ct).ConfigureAwait(false);
                    errors = 0;
                }
                catch (RpcException ex)
                {
                    slots.Release();
                    errors++;
                    var backoff = Intervals.PollErrorBackoff(errors, _options);
                    _logger.LogWarning("GetTask failed ({Status}); retrying in {Delay}", ex.Status, backoff);
                    await Task.Delay(backoff, _time, ct).ConfigureAwait(false);
                    continue;
                }
                catch
                {
                    slots.Release();
                    throw;
                }

                if (reply.Task is { } task && task.TaskTypeCase != C1Task.TaskTypeOneofCase.None && !running.ContainsKey(task.Id))
                {
                    StartTask(task, running, slots, tasksCt);
                }
                else
                {
                    if (reply.Task is { } again && running.ContainsKey(again.Id))
                    {
                        _logger.LogWarning("Task {TaskId} is already running; ignoring it", again.Id);
                    }

                    slots.Release();
                }

                await Task.Delay(Intervals.Poll(reply.NextPoll, _options), _time, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            // A stop reaches every running task (each still sends its FinishTask); a drain waits for them to end.
            if (ct.IsCancellationRequested && !tasksCt.IsCancellationRequested && !running.IsEmpty)
            {
                _logger.LogInformation("Draining: {Count} running tasks finish before service mode ends", running.Count);
            }

            await Task.WhenAll(running.Values).ConfigureAwait(false);
        }
    }

    /// <summary>Runs a claimed task in the slot the poll loop took for it; the task gives the slot back when it is over.</summary>
    private void StartTask(C1Task task, ConcurrentDictionary<string, Task> running, SemaphoreSlim slots, CancellationToken ct)
    {
        // The task waits until it is registered, so its own removal can never come before its registration.
        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        running[task.Id] = RunTaskAsync(task, registered.Task, running, slots, ct);
        registered.SetResult();
    }

    private async Task RunTaskAsync(C1Task task, Task registered, ConcurrentDictionary<string, Task> running, SemaphoreSlim slots, CancellationToken ct)
    {
        await registered.ConfigureAwait(false);
        try
        {
            await _dispatcher.DispatchAsync(task, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            _logger.LogInformation("Task {TaskId} stopped: service mode is shutting down", task.Id);
        }
        catch (Exception ex)
        {
            // One broken task must not end service mode; C1 re-queues it when heartbeats stop.
            _logger.LogError(ex, "Task {TaskId} failed unexpectedly", task.Id);
        }
        finally
        {
            running.TryRemove(task.Id, out _);
            slots.Release();
        }
    }

    private async Task AnswerHelloTaskAsync(string taskId, CancellationToken ct)
    {
        try
        {
            await _client.HelloAsync(HelloPayload.Build(taskId, _metadata, _options), ct).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            _logger.LogWarning("Hello for task {TaskId} failed: {Status}", taskId, ex.Status);
        }
    }
}
