namespace BatonClerk.Engine.Service;

/// <summary>A ConductorOne client id of the form <c>&lt;name&gt;@&lt;tenant-host&gt;/&lt;suffix&gt;</c>.</summary>
internal sealed class C1ClientId
{
    private C1ClientId(string value, string clientName, string tenantHost)
    {
        Value = value;
        ClientName = clientName;
        TenantHost = tenantHost;
    }

    /// <summary>The full id; it is the JWT <c>iss</c>/<c>sub</c> and the token form's <c>client_id</c>.</summary>
    public string Value { get; }

    /// <summary>The part before <c>@</c>; only used for diagnostics.</summary>
    public string ClientName { get; }

    /// <summary>The text between <c>@</c> and the first <c>/</c>, possibly with a port.</summary>
    public string TenantHost { get; }

    /// <summary>The JWT audience: the tenant host without any port, whatever BATON_C1_API_HOST says.</summary>
    public string Audience => HostPort.StripPort(TenantHost);

    public static C1ClientId Parse(string? value)
    {
        const string Expected = "expected '<client-name>@<tenant-host>/<suffix>'";
        if (string.IsNullOrWhiteSpace(value))
        {
            throw Invalid($"it is empty ({Expected})");
        }

        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            throw Invalid($"no '@' separates the client name from the tenant host ({Expected})");
        }

        var name = value[..at];
        var rest = value[(at + 1)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            throw Invalid($"no '/' follows the tenant host ({Expected})");
        }

        var host = rest[..slash];
        if (name.Length == 0)
        {
            throw Invalid($"the client name before '@' is empty ({Expected})");
        }

        if (host.Length == 0 || !HostPort.IsValid(host))
        {
            throw Invalid($"the tenant host between '@' and '/' is not a valid host[:port] ({Expected})");
        }

        return new C1ClientId(value, name, host);
    }

    public override string ToString() => Value;

    // Deliberately never includes the value: operators sometimes paste the secret into the id variable.
    private static ServiceConfigurationException Invalid(string reason) =>
        new($"Invalid client id (BATON_CLIENT_ID): {reason}.");
}
