namespace BatonClerk.Engine.Service;

/// <summary>
/// ConductorOne answered with a status that retrying cannot fix (bad credentials, unknown connector,
/// incompatible request); service mode stops and the host should exit non-zero.
/// </summary>
internal sealed class ServiceFatalException : Exception
{
    public ServiceFatalException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
