using Akka.Actor;
using BatonClerk.Engine.Sync;

namespace BatonClerk.Engine.Hosting;

/// <summary>
/// The engine's entry actor in an embedding host, registered in the ActorRegistry: each request becomes a
/// SyncSupervisor child, so syncs share the host's actor system and its supervision tree.
/// </summary>
internal sealed class ClerkSyncCoordinator : ReceiveActor
{
    public ClerkSyncCoordinator()
    {
        Receive<StartClerkSync>(m =>
        {
            var supervisor = Context.ActorOf(SyncSupervisor.Props(m.Request), "sync-" + Guid.NewGuid().ToString("N")[..8]);
            Sender.Tell(new ClerkSyncStarted(supervisor));
        });
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new ClerkSyncCoordinator());
}

internal sealed record StartClerkSync(SyncRequest Request);

internal sealed record ClerkSyncStarted(IActorRef Supervisor);
