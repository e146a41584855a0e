namespace BatonClerk.Engine.Service;

/// <summary>Chooses the host_id sent to ConductorOne.</summary>
internal static class HostIdentity
{
    /// <summary>
    /// BATON_HOST_ID wins whenever it is set, even to an empty string (as in the Go SDK); an empty
    /// result falls back to <c>baton-sdk</c> because the server requires a non-empty id.
    /// </summary>
    public static string Resolve(string? batonHostId)
    {
        var id = batonHostId ?? SafeMachineName();
        return string.IsNullOrEmpty(id) ? "baton-sdk" : id;
    }

    private static string SafeMachineName()
    {
        try
        {
            return Environment.MachineName;
        }
        catch (InvalidOperationException)
        {
            return string.Empty;
        }
    }
}
