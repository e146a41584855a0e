using System.Collections.Concurrent;

namespace BatonClerk.Engine.Fleet;

/// <summary>
/// INTERNAL API. The registration entities running on this node, so a leaving node can drain them before it hands
/// their shards off: Akka's shard hand-off stops entities on its own schedule, which must not be what decides
/// whether a running sync is finished or aborted.
/// </summary>
internal sealed class LocalRegistrations
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private volatile bool _draining;

    public bool Draining => _draining;

    /// <summary>Called by an entity whose loop started; <paramref name="drain"/> stops its polling.</summary>
    public void Add(string name, CancellationTokenSource drain, Task loop) => _entries[name] = new Entry(drain, loop);

    public void Remove(string name) => _entries.TryRemove(name, out _);

    /// <summary>
    /// Stops every local registration from taking tasks and waits until their running tasks are over, at most
    /// <paramref name="limit"/>. Entities that start after this call start drained.
    /// </summary>
    /// <returns>The registrations still running a task at the limit (they are aborted by the hand-off).</returns>
    public async Task<IReadOnlyList<string>> DrainAsync(TimeSpan limit)
    {
        _draining = true;
        var entries = _entries.ToArray();
        foreach (var (_, entry) in entries)
        {
            try
            {
                await entry.Drain.CancelAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // The entity stopped meanwhile: nothing of it to drain.
            }
        }

        try
        {
            await Task.WhenAll(entries.Select(e => e.Value.Loop)).WaitAsync(limit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        return [.. entries.Where(e => !e.Value.Loop.IsCompleted).Select(e => e.Key)];
    }

    private sealed record Entry(CancellationTokenSource Drain, Task Loop);
}
