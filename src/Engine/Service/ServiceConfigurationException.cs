namespace BatonClerk.Engine.Service;

/// <summary>
/// Service-mode configuration is unusable (bad client id, bad secret, bad option). The message is a
/// single line meant for operators and never echoes credential material.
/// </summary>
public sealed class ServiceConfigurationException : Exception
{
    public ServiceConfigurationException(string message)
        : base(message.ReplaceLineEndings(" "))
    {
    }
}
