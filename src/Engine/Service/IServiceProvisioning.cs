using BatonClerk.Engine.Baton.V2;

namespace BatonClerk.Engine.Service;

/// <summary>
/// Grant and revoke on behalf of ConductorOne's Grant and Revoke tasks. Service mode is given one only when
/// provisioning is enabled (-p); without it those tasks are refused and nothing is written.
/// </summary>
public interface IServiceProvisioning
{
    /// <summary>The SDK's Grant answer: the grants the principal holds afterwards, with their annotations.</summary>
    Task<GrantManagerServiceGrantResponse> GrantAsync(Entitlement entitlement, Resource principal, CancellationToken ct);

    Task<GrantManagerServiceRevokeResponse> RevokeAsync(Grant grant, CancellationToken ct);
}
