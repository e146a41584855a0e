namespace BatonClerk.Host.Configuration;

public static class ExitCodes
{
    public const int Success = 0;
    public const int SyncFailed = 1;
    public const int Usage = 2;
}

/// <summary>A configuration problem: printed as one line, exit code 2, before any request is made.</summary>
public sealed class UsageException(string message) : Exception(message);
