namespace BatonClerk.Engine.Clerk;

/// <summary>
/// INTERNAL API. A caller's place in line for the CPU work of the answers it gets (parsing, then its own mapping and
/// encoding), set for an async flow by whoever orders that work (the sync's pagers). The client waits for the turn
/// once a body is in, and gives it back before it sends another request, so a turn is never held over the network.
/// </summary>
internal interface IResponseTurn
{
    /// <summary>Returns once this flow may use the CPU (at once when it already holds the turn).</summary>
    ValueTask WaitAsync(CancellationToken cancellationToken);

    /// <summary>Gives the turn back if this flow holds it.</summary>
    void Release();
}

/// <summary>INTERNAL API. The turn of the current async flow; none outside a sync's pagers.</summary>
internal static class ResponseTurn
{
    private static readonly AsyncLocal<IResponseTurn?> s_current = new();

    public static IResponseTurn? Current
    {
        get => s_current.Value;
        set => s_current.Value = value;
    }
}
