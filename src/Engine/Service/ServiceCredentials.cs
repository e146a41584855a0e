namespace BatonClerk.Engine.Service;

/// <summary>A parsed client id and secret pair: everything needed to obtain ConductorOne tokens.</summary>
internal sealed class ServiceCredentials : IDisposable
{
    public ServiceCredentials(C1ClientId clientId, C1ClientSecret clientSecret)
    {
        ClientId = clientId;
        ClientSecret = clientSecret;
    }

    public C1ClientId ClientId { get; }

    public C1ClientSecret ClientSecret { get; }

    /// <summary>Parses both values; throws <see cref="ServiceConfigurationException"/> naming the bad part.</summary>
    public static ServiceCredentials Parse(string? clientId, string? clientSecret) =>
        new(C1ClientId.Parse(clientId), C1ClientSecret.Parse(clientSecret));

    public void Dispose() => ClientSecret.Dispose();

    public override string ToString() => $"ServiceCredentials({ClientId.Value}, secret redacted)";
}
