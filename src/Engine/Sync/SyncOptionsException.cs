namespace BatonClerk.Engine.Sync;

/// <summary>Sync options that cannot run: every problem found, each naming its setting.</summary>
public sealed class SyncOptionsException(IReadOnlyList<string> problems) : ArgumentException(string.Join("; ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
