namespace BatonClerk.Engine.Service;

/// <summary>
/// Shared liveness/readiness flags: the runner updates them, the health server reports them.
/// Ready means ConductorOne accepted the startup Hello and tasks are being polled.
/// </summary>
internal sealed class ServiceHealth
{
    private volatile bool _live = true;
    private volatile bool _ready;

    public bool IsLive => _live;

    public bool IsReady => _live && _ready;

    public void SetReady(bool ready) => _ready = ready;

    public void SetLive(bool live) => _live = live;
}
