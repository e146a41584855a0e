using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Sync;
using Microsoft.Extensions.Logging;

namespace BatonClerk.Engine.Provisioning;

/// <summary>
/// Grant and revoke of organization membership and roles for one Clerk instance, with its own Clerk client. The
/// command line, service mode's Grant and Revoke tasks and embedding hosts (<c>IClerkSync</c>) all use it. Writes
/// draw from <paramref name="gate"/> when given (service mode passes the key's shared gate), else from a budget of
/// their own sized like a sync's.
/// </summary>
public sealed class ClerkProvisioner : IDisposable
{
    private readonly ClerkClient _client;
    private readonly MembershipProvisioner _provisioner;

    private ClerkProvisioner(ClerkClient client, MembershipProvisioner provisioner)
    {
        _client = client;
        _provisioner = provisioner;
    }

    public static ClerkProvisioner Create(
        ValidatedSyncOptions options, ProvisioningOptions? provisioning = null, ILogger? logger = null, IRequestGate? gate = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var client = new ClerkClient(new ClerkClientOptions
        {
            SecretKey = options.SecretKey,
            BaseUrl = options.ApiUrl,
            AttemptTimeout = options.AttemptTimeout,
            MaxRetryAttempts = options.MaxRetryAttempts,
            Gate = gate ?? new BudgetRequestGate(options.Settings.Budget),
        });
        return new ClerkProvisioner(client, new MembershipProvisioner(client, provisioning, logger));
    }

    /// <inheritdoc cref="MembershipProvisioner.GrantAsync"/>
    public Task<ProvisioningOutcome> GrantAsync(string entitlementId, string principalType, string principalId, CancellationToken cancellationToken) =>
        _provisioner.GrantAsync(entitlementId, principalType, principalId, cancellationToken);

    /// <inheritdoc cref="MembershipProvisioner.RevokeAsync"/>
    public Task<ProvisioningOutcome> RevokeAsync(string entitlementId, string principalType, string principalId, CancellationToken cancellationToken) =>
        _provisioner.RevokeAsync(entitlementId, principalType, principalId, cancellationToken);

    public void Dispose() => _client.Dispose();
}
