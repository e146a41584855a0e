using System.Threading.Channels;
using Akka;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace BatonClerk.Engine.Sync.Pagers;

/// <summary>
/// INTERNAL API. Runs one element through a graph of the pagers' shape (a channel source, unordered and ordered
/// async stages, an ignoring sink) on a pool thread, once per actor system, as soon as the first sync starts.
/// </summary>
/// <remarks>
/// The first graph a process materializes compiles most of Akka Streams' materializer and interpreter, about a
/// tenth of a second on two cores; the first pager used to pay that between its spawn and its first request. Done
/// here, it overlaps the rest of the sync's start (opening the store, building the client), and the pagers find the
/// code compiled. Nothing leaves it, and a failure here is dropped: the pagers run the same code and report their own.
/// </remarks>
internal static class PagerStreamWarmUp
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ActorSystem, object> s_warmed = new();
    private static readonly object s_mark = new();

    /// <summary>Starts the warm-up for <paramref name="system"/> unless one has started already.</summary>
    public static Task StartOnce(ActorSystem system) =>
        s_warmed.TryAdd(system, s_mark) ? Task.Run(() => RunAsync(system)) : Task.CompletedTask;

    /// <summary>Runs the graph once; returns the number of elements that reached the sink (1).</summary>
    internal static async Task<int> RunAsync(ActorSystem system)
    {
        try
        {
            var queue = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });
            queue.Writer.TryWrite(1);
            queue.Writer.TryComplete();
            var reached = 0;
            await ChannelSource.FromReader(queue.Reader)
                .SelectAsyncUnordered(2, async n =>
                {
                    await Task.Yield();
                    return n;
                })
                .SelectAsync(2, n => Task.FromResult(NotUsed.Instance))
                .WithAttributes(Attributes.CreateInputBuffer(1, 1))
                .RunWith(Sink.ForEach<NotUsed>(_ => Interlocked.Increment(ref reached)), system.Materializer())
                .ConfigureAwait(false);
            return reached;
        }
        catch (Exception)
        {
            return 0;
        }
    }
}
