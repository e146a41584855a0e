namespace BatonClerk.Engine.C1z;

/// <summary>
/// What one <see cref="C1zWriter.BuildNextDeferredIndex"/> call did: whether it built an index, and how many of the
/// indexes the load deferred are still to be built (0 once the last one is).
/// </summary>
internal readonly record struct DeferredIndexStep(bool Built, int Left);
