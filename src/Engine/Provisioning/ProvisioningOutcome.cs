namespace BatonClerk.Engine.Provisioning;

/// <summary>What a grant or revoke did in Clerk.</summary>
public enum ProvisioningResult
{
    /// <summary>A membership was created.</summary>
    Granted,

    /// <summary>An existing member's role was changed; the grant of the previous role is replaced.</summary>
    RoleChanged,

    /// <summary>The user already held the entitlement; nothing was written.</summary>
    AlreadyExists,

    /// <summary>A membership was deleted, or a role moved back to the default role.</summary>
    Revoked,

    /// <summary>The grant was already gone; nothing was written.</summary>
    AlreadyRevoked,
}

/// <summary>What one grant or revoke did. Role keys are Clerk's (e.g. org:admin); null means no membership.</summary>
public sealed record ProvisioningOutcome(
    ProvisioningResult Result,
    string OrganizationId,
    string UserId,
    string? RoleBefore,
    string? RoleAfter)
{
    /// <summary>The grant ids the user holds on the organization afterwards (member grant first).</summary>
    public IReadOnlyList<string> ResultingGrantIds { get; init; } = [];

    /// <summary>Grant ids that this change replaced (a previous role's grant), as the SDK's grant-replaced annotation says.</summary>
    public IReadOnlyList<string> ReplacedGrantIds { get; init; } = [];

    public bool Changed => Result is ProvisioningResult.Granted or ProvisioningResult.RoleChanged or ProvisioningResult.Revoked;

    public string Describe()
    {
        var change = $"organization {OrganizationId}, user {UserId}: {RoleBefore ?? "(not a member)"} -> {RoleAfter ?? "(not a member)"}";
        return Result switch
        {
            ProvisioningResult.Granted => "granted: " + change,
            ProvisioningResult.RoleChanged => $"granted, replacing the previous role: {change}",
            ProvisioningResult.Revoked => "revoked: " + change,
            ProvisioningResult.AlreadyExists => $"already granted, nothing changed: organization {OrganizationId}, user {UserId} ({RoleBefore})",
            _ => $"already revoked, nothing changed: organization {OrganizationId}, user {UserId} ({RoleBefore ?? "not a member"})",
        };
    }
}
