namespace BatonClerk.Engine.Fleet;

/// <summary>The fleet file is unusable; <see cref="Problems"/> lists every problem, each naming its connector and key.</summary>
public sealed class FleetConfigException(IReadOnlyList<string> problems)
    : Exception("fleet config: " + string.Join("; ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
