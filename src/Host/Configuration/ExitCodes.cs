namespace BatonClerk.Host.Configuration;

public static class ExitCodes
{
    public const int Success = 0;
    public const int SyncFailed = 1;
    public const int Usage = 2;
}

/// <summary>Configuration problems: printed one per line, exit code 2, before any request is made.</summary>
public sealed class UsageException(IReadOnlyList<string> problems) : Exception(string.Join("; ", problems))
{
    public UsageException(string problem)
        : this([problem])
    {
    }

    public IReadOnlyList<string> Problems { get; } = problems;
}
