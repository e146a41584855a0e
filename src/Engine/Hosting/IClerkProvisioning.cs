using BatonClerk.Engine.Provisioning;

namespace BatonClerk.Engine.Hosting;

/// <summary>
/// Grants and revokes Clerk organization membership and roles for a host that embeds the engine; the same
/// semantics as the command line's -p grants and service mode's tasks. Off unless
/// <see cref="ClerkProvisioningOptions.Enabled"/>: then every call throws <see cref="ProvisioningRefusedException"/>
/// and nothing is sent to Clerk.
/// </summary>
public interface IClerkProvisioning
{
    bool Enabled { get; }

    /// <summary>Grants <c>organization:{org}:member</c> or <c>organization:{org}:role:{role_id}</c> to a user.</summary>
    /// <exception cref="ProvisioningRefusedException">Provisioning is off, or the grant cannot be written; nothing was sent.</exception>
    /// <exception cref="ProvisioningFailedException">Clerk refused the write, or its outcome stayed unknown.</exception>
    Task<ProvisioningOutcome> GrantAsync(string entitlementId, string principalType, string principalId, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="GrantAsync"/>
    Task<ProvisioningOutcome> RevokeAsync(string entitlementId, string principalType, string principalId, CancellationToken cancellationToken = default);
}
