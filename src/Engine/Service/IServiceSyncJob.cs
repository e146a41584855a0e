namespace BatonClerk.Engine.Service;

/// <summary>One full sync run on behalf of a ConductorOne SyncFull task.</summary>
public interface IServiceSyncJob
{
    /// <summary>Writes the c1z to <paramref name="outputC1zPath"/>; throws on failure or cancellation.</summary>
    Task RunAsync(string outputC1zPath, CancellationToken ct);
}
