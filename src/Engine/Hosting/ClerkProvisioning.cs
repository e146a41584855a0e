using Akka.Actor;
using BatonClerk.Engine.Provisioning;
using BatonClerk.Engine.Sync;
using BatonClerk.Engine.Sync.Gate;
using Microsoft.Extensions.Logging;

namespace BatonClerk.Engine.Hosting;

/// <summary>
/// The <see cref="IClerkProvisioning"/> of an embedding host. Writes draw from the key's gate in the host's actor
/// system (<see cref="GateRegistry"/>), so concurrent callers share one budget; the Clerk client is made on first use.
/// </summary>
internal sealed class ClerkProvisioning : IClerkProvisioning, IDisposable
{
    /// <summary>Names the option, so the host's developer knows how to allow writes.</summary>
    public const string OffMessage =
        "provisioning is not enabled, so nothing was sent to Clerk: pass new ClerkProvisioningOptions { Enabled = true } to AddClerkSync to allow grants and revokes";

    private readonly Lazy<ClerkProvisioner>? _provisioner;

    public ClerkProvisioning(ActorSystem system, ClerkSyncOptions options, ClerkProvisioningOptions? provisioning = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(options);
        Enabled = provisioning?.Enabled == true;
        if (!Enabled)
        {
            return;
        }

        var validated = options.ValidateEngineSettings();
        var settings = new ProvisioningOptions { DefaultRoleKey = string.IsNullOrWhiteSpace(provisioning!.DefaultRoleKey) ? null : provisioning.DefaultRoleKey.Trim() };
        _provisioner = new Lazy<ClerkProvisioner>(() =>
        {
            var gate = GateRegistry.Of(system).For(validated.SecretKey, validated.Settings);
            return ClerkProvisioner.Create(validated, settings, loggerFactory?.CreateLogger("BatonClerk.Provisioning"), new GateClient(gate, new SyncMetrics()));
        });
    }

    public bool Enabled { get; }

    public Task<ProvisioningOutcome> GrantAsync(string entitlementId, string principalType, string principalId, CancellationToken cancellationToken = default) =>
        Provisioner().GrantAsync(entitlementId, principalType, principalId, cancellationToken);

    public Task<ProvisioningOutcome> RevokeAsync(string entitlementId, string principalType, string principalId, CancellationToken cancellationToken = default) =>
        Provisioner().RevokeAsync(entitlementId, principalType, principalId, cancellationToken);

    public void Dispose()
    {
        if (_provisioner is { IsValueCreated: true })
        {
            _provisioner.Value.Dispose();
        }
    }

    private ClerkProvisioner Provisioner() => _provisioner?.Value ?? throw new ProvisioningRefusedException(OffMessage);
}
