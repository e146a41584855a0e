using Akka.Actor;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.Service;
using BatonClerk.Engine.Sync;
using BatonClerk.Engine.Sync.Gate;
using Microsoft.Extensions.Logging;

namespace BatonClerk.Engine.Provisioning;

/// <summary>
/// Service mode's Grant and Revoke tasks over <see cref="ClerkProvisioner"/>. Writes draw from the key's gate in
/// <paramref name="system"/>, the one every SyncFull task of that key draws from, so grants and syncs together
/// stay within the key's share of Clerk's limit.
/// </summary>
public sealed class ClerkServiceProvisioning : IServiceProvisioning, IDisposable
{
    private readonly ClerkProvisioner _provisioner;

    public ClerkServiceProvisioning(ActorSystem system, ValidatedSyncOptions template, ProvisioningOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(template);
        var gate = GateRegistry.Of(system).For(template.SecretKey, template.Settings);
        _provisioner = ClerkProvisioner.Create(template, options, logger, new GateClient(gate, new SyncMetrics()));
    }

    public async Task<GrantManagerServiceGrantResponse> GrantAsync(Entitlement entitlement, Resource principal, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entitlement);
        ArgumentNullException.ThrowIfNull(principal);
        var outcome = await _provisioner.GrantAsync(entitlement.Id, principal.Id.ResourceType, principal.Id.Resource, ct).ConfigureAwait(false);
        return ProvisioningResponses.Grant(outcome, entitlement, principal);
    }

    public async Task<GrantManagerServiceRevokeResponse> RevokeAsync(Grant grant, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var principal = grant.Principal.Id;
        var outcome = await _provisioner.RevokeAsync(grant.Entitlement.Id, principal.ResourceType, principal.Resource, ct).ConfigureAwait(false);
        return ProvisioningResponses.Revoke(outcome);
    }

    public void Dispose() => _provisioner.Dispose();
}
