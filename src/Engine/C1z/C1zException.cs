namespace BatonClerk.Engine.C1z;

/// <summary>Why a c1z operation failed, so callers (the CLI in particular) can map it to an exit code.</summary>
public enum C1zErrorKind
{
    NotC1z,
    UnsupportedVersion,
    Corrupt,
    Io,
    Usage,
}

/// <summary>A c1z failure with a single-line message meant for the user, never a stack trace.</summary>
public sealed class C1zException : Exception
{
    public C1zException(C1zErrorKind kind, string message, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
    }

    public C1zErrorKind Kind { get; }
}
