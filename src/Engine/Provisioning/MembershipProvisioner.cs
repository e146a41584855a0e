using BatonClerk.Engine.Baton;
using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Clerk.Models;
using BatonClerk.Engine.Mapping;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatonClerk.Engine.Provisioning;

/// <summary>
/// Grants and revokes organization membership and roles. A membership holds exactly one role, so a role grant
/// to a member replaces its role and a role revoke moves it back to the default role; only revoking the member
/// grant deletes the membership. Everything that can be checked is checked before the one write is sent.
/// </summary>
internal sealed class MembershipProvisioner
{
    private const int RolePageSize = 100;

    private readonly IClerkProvisioningApi _clerk;
    private readonly ProvisioningOptions _options;
    private readonly ILogger _logger;

    public MembershipProvisioner(IClerkProvisioningApi clerk, ProvisioningOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(clerk);
        _clerk = clerk;
        _options = options ?? new ProvisioningOptions();
        _logger = logger ?? NullLogger.Instance;
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxWriteAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(_options.MaxRateLimitWaits);
    }

    public async Task<ProvisioningOutcome> GrantAsync(
        string entitlementId, string principalType, string principalId, CancellationToken cancellationToken)
    {
        var plan = await PrepareAsync(entitlementId, principalType, principalId, cancellationToken).ConfigureAwait(false);
        var (org, user) = (plan.Target.OrganizationId, principalId);
        var before = await MemberRoleAsync(org, user, cancellationToken).ConfigureAwait(false);
        var wanted = plan.RoleKey;

        if (before is not null && (wanted is null || before == wanted))
        {
            return Unchanged(ProvisioningResult.AlreadyExists, plan, user, before);
        }

        if (before is null)
        {
            var role = wanted ?? plan.DefaultRoleKey;
            await WriteAsync("create the membership", org, user, before, now => now is not null && (wanted is null || now == wanted),
                ct => _clerk.CreateMembershipAsync(org, user, role, ct), cancellationToken).ConfigureAwait(false);
            return Changed(ProvisioningResult.Granted, plan, user, before, role);
        }

        await WriteAsync("change the member's role", org, user, before, now => now == wanted,
            ct => _clerk.UpdateMembershipRoleAsync(org, user, wanted!, ct), cancellationToken).ConfigureAwait(false);
        var replaced = plan.RoleIdsByKey.TryGetValue(before, out var previousRoleId)
            ? [GrantId(OrganizationMapper.RoleEntitlementId(org, previousRoleId), user)]
            : Array.Empty<string>();
        return Changed(ProvisioningResult.RoleChanged, plan, user, before, wanted) with { ReplacedGrantIds = replaced };
    }

    public async Task<ProvisioningOutcome> RevokeAsync(
        string entitlementId, string principalType, string principalId, CancellationToken cancellationToken)
    {
        var plan = await PrepareAsync(entitlementId, principalType, principalId, cancellationToken).ConfigureAwait(false);
        var (org, user) = (plan.Target.OrganizationId, principalId);
        var before = await MemberRoleAsync(org, user, cancellationToken).ConfigureAwait(false);
        if (before is null || (plan.RoleKey is { } held && before != held))
        {
            return Unchanged(ProvisioningResult.AlreadyRevoked, plan, user, before);
        }

        if (plan.RoleKey is null)
        {
            await WriteAsync("delete the membership", org, user, before, now => now is null,
                ct => _clerk.DeleteMembershipAsync(org, user, ct), cancellationToken).ConfigureAwait(false);
            return Changed(ProvisioningResult.Revoked, plan, user, before, null);
        }

        if (plan.RoleKey == plan.DefaultRoleKey)
        {
            throw new ProvisioningRefusedException(
                $"{plan.RoleKey} is the default role of organization {org}, so it cannot be revoked on its own; revoke the member grant {GrantId(OrganizationMapper.MemberEntitlementId(org), user)} to remove the membership");
        }

        var fallback = plan.DefaultRoleKey;
        await WriteAsync("move the member back to the default role", org, user, before, now => now == fallback,
            ct => _clerk.UpdateMembershipRoleAsync(org, user, fallback, ct), cancellationToken).ConfigureAwait(false);
        return Changed(ProvisioningResult.Revoked, plan, user, before, fallback);
    }

    private static string GrantId(string entitlementId, string userId) => BatonIds.Grant(entitlementId, ResourceTypes.UserId, userId);

    private static ProvisioningRefusedException Refuse(string message) => new(message);

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    private async Task<Plan> PrepareAsync(string entitlementId, string principalType, string principalId, CancellationToken cancellationToken)
    {
        var target = MembershipEntitlement.TryParse(entitlementId) ?? throw Refuse(
            $"entitlement '{entitlementId}' is not one this connector grants (expected organization:<organization id>:member or organization:<organization id>:role:<role id>)");
        if (!string.Equals(principalType, ResourceTypes.UserId, StringComparison.Ordinal))
        {
            throw Refuse($"principal type '{principalType}' cannot hold an organization membership; only a user can");
        }

        if (string.IsNullOrWhiteSpace(principalId) || principalId.Contains(':', StringComparison.Ordinal))
        {
            throw Refuse($"principal id '{principalId}' is not a Clerk user id");
        }

        var organization = await ExistingAsync(ct => _clerk.GetOrganizationAsync(target.OrganizationId, ct),
            $"organization {target.OrganizationId} is unknown to Clerk", cancellationToken).ConfigureAwait(false);
        await ExistingAsync(ct => _clerk.GetUserRefAsync(principalId, ct), $"user {principalId} is unknown to Clerk", cancellationToken)
            .ConfigureAwait(false);

        var roles = await RolesAsync(cancellationToken).ConfigureAwait(false);
        var roleIdsByKey = roles.GroupBy(r => r.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        var (roleSetKey, allowed, setDefault) = await RoleSetAsync(organization, cancellationToken).ConfigureAwait(false);
        var defaultKey = _options.DefaultRoleKey ?? setDefault ?? ProvisioningOptions.FallbackDefaultRoleKey;
        var setName = roleSetKey is null ? "" : $" (role set {roleSetKey})";
        if (allowed is not null && !allowed.Contains(defaultKey))
        {
            throw Refuse($"the default role {defaultKey} is not in the roles of organization {organization.Id}{setName}");
        }

        string? roleKey = null;
        if (target.RoleId is { } roleId)
        {
            roleKey = roles.FirstOrDefault(r => r.Id == roleId)?.Key ?? throw Refuse($"role {roleId} is unknown to Clerk");
            if (allowed is not null && !allowed.Contains(roleKey))
            {
                throw Refuse($"role {roleKey} ({roleId}) is not in the roles of organization {organization.Id}{setName}");
            }
        }

        return new Plan(target, roleKey, defaultKey, roleIdsByKey);
    }

    private async Task<T> ExistingAsync<T>(Func<CancellationToken, Task<T>> read, string unknown, CancellationToken cancellationToken)
    {
        try
        {
            return await CallAsync(read, cancellationToken).ConfigureAwait(false);
        }
        catch (ClerkApiException e) when (e.Kind == ClerkErrorKind.NotFound)
        {
            throw Refuse(unknown);
        }
    }

    private async Task<List<ClerkRole>> RolesAsync(CancellationToken cancellationToken)
    {
        var roles = new List<ClerkRole>();
        try
        {
            for (var offset = 0; ; offset += RolePageSize)
            {
                var page = await CallAsync(ct => _clerk.ListRolesAsync(new PageQuery(RolePageSize, offset), ct), cancellationToken).ConfigureAwait(false);
                roles.AddRange(page.Items);
                if (page.Items.Count < RolePageSize)
                {
                    return roles;
                }
            }
        }
        catch (ClerkApiException e) when (e.Kind == ClerkErrorKind.FeatureNotEnabled)
        {
            // Without the roles feature there are no role ids to grant; member grants still work.
            return roles;
        }
    }

    /// <summary>The organization's role set, or (key, null, null) when Clerk does not answer for it.</summary>
    private async Task<(string? Key, HashSet<string>? Allowed, string? Default)> RoleSetAsync(
        ClerkOrganization organization, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(organization.RoleSetKey))
        {
            return (null, null, null);
        }

        try
        {
            var set = await CallAsync(ct => _clerk.GetRoleSetAsync(organization.RoleSetKey, ct), cancellationToken).ConfigureAwait(false);
            var allowed = (set.Roles ?? []).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
            return (set.Key, allowed.Count == 0 ? null : allowed, set.DefaultRole?.Key);
        }
        catch (ClerkApiException e) when (e.Kind is ClerkErrorKind.NotFound or ClerkErrorKind.Forbidden or ClerkErrorKind.FeatureNotEnabled)
        {
            _logger.LogWarning("Role set {RoleSet} of organization {Organization} is unavailable ({Status}); using default role {Role}",
                organization.RoleSetKey, organization.Id, e.StatusCode, _options.DefaultRoleKey ?? ProvisioningOptions.FallbackDefaultRoleKey);
            return (organization.RoleSetKey, null, null);
        }
    }

    private async Task<string?> MemberRoleAsync(string organizationId, string userId, CancellationToken cancellationToken)
    {
        var membership = await CallAsync(ct => _clerk.FindMembershipAsync(organizationId, userId, ct), cancellationToken).ConfigureAwait(false);
        return membership is null ? null : membership.Role ?? "";
    }

    /// <summary>
    /// Sends one write. When it fails or its answer is lost, the membership is read back: the goal reached is
    /// success (someone, maybe this very write, did it); unchanged and transient is sent again, up to the limit.
    /// </summary>
    private async Task WriteAsync(
        string what, string organizationId, string userId, string? before, Func<string?, bool> reached,
        Func<CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await CallAsync(async ct => { await write(ct).ConfigureAwait(false); return true; }, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ClerkApiException e) when (e.Kind != ClerkErrorKind.Unauthorized)
            {
                string? now;
                try
                {
                    now = await MemberRoleAsync(organizationId, userId, cancellationToken).ConfigureAwait(false);
                }
                catch (ClerkApiException readBack)
                {
                    throw new ProvisioningFailedException(
                        $"could not {what} in organization {organizationId} for user {userId}: {OneLine(e.Message)}; reading the membership back also failed: {OneLine(readBack.Message)}", e);
                }

                if (reached(now))
                {
                    _logger.LogInformation("Clerk answered {Status} to the write, but the membership already is as asked (organization {Organization}, user {User})",
                        e.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? e.Kind.ToString(), organizationId, userId);
                    return;
                }

                if (!e.IsTransient || attempt >= _options.MaxWriteAttempts || now != before)
                {
                    var moved = now != before ? $"; meanwhile the membership changed from {before ?? "none"} to {now ?? "none"}" : "";
                    throw new ProvisioningFailedException(
                        $"could not {what} in organization {organizationId} for user {userId}: {OneLine(e.Message)}{moved}", e);
                }
            }
        }
    }

    /// <summary>A 429 means the request was not served: wait as asked (bounded) and send it again.</summary>
    private async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var waits = 0; ; waits++)
        {
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (ClerkApiException e) when (e.Kind == ClerkErrorKind.RateLimited && waits < _options.MaxRateLimitWaits)
            {
                var wait = e.RetryAfter is { } asked && asked > TimeSpan.Zero ? asked : TimeSpan.FromSeconds(1);
                await Task.Delay(wait < _options.MaxRateLimitWait ? wait : _options.MaxRateLimitWait, _options.TimeProvider, cancellationToken)
                    .ConfigureAwait(false);
            }
        }
    }

    private ProvisioningOutcome Unchanged(ProvisioningResult result, Plan plan, string userId, string? role)
    {
        _logger.LogInformation("No change needed ({Result}): organization {Organization}, user {User}, role {Role}",
            result, plan.Target.OrganizationId, userId, role ?? "(not a member)");
        return new ProvisioningOutcome(result, plan.Target.OrganizationId, userId, role, role)
        {
            ResultingGrantIds = Grants(plan, userId, role),
        };
    }

    private ProvisioningOutcome Changed(ProvisioningResult result, Plan plan, string userId, string? before, string? after)
    {
        _logger.LogInformation("Changed Clerk membership ({Result}): organization {Organization}, user {User}, {Before} -> {After}",
            result, plan.Target.OrganizationId, userId, before ?? "(not a member)", after ?? "(not a member)");
        return new ProvisioningOutcome(result, plan.Target.OrganizationId, userId, before, after)
        {
            ResultingGrantIds = Grants(plan, userId, after),
        };
    }

    private static IReadOnlyList<string> Grants(Plan plan, string userId, string? role)
    {
        if (role is null)
        {
            return [];
        }

        var org = plan.Target.OrganizationId;
        var member = GrantId(OrganizationMapper.MemberEntitlementId(org), userId);
        return plan.RoleIdsByKey.TryGetValue(role, out var roleId)
            ? [member, GrantId(OrganizationMapper.RoleEntitlementId(org, roleId), userId)]
            : [member];
    }

    private sealed record Plan(
        MembershipEntitlement Target, string? RoleKey, string DefaultRoleKey, IReadOnlyDictionary<string, string> RoleIdsByKey);
}
