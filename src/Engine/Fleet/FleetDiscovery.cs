namespace BatonClerk.Engine.Fleet;

/// <summary>How a node finds the other nodes' bootstrap endpoints when the fleet has no static seed nodes.</summary>
public enum FleetDiscovery
{
    /// <summary>A fixed list of <c>host:port</c> bootstrap endpoints (<c>--cluster-contact-points</c>).</summary>
    Config,

    /// <summary>
    /// The Kubernetes API: the running pods labelled <c>app=&lt;service name&gt;</c> in the pod's own namespace (the pod's
    /// service account must be allowed to list pods).
    /// </summary>
    Kubernetes,
}
