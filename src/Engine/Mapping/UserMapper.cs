using System.Globalization;
using BatonClerk.Engine.Baton;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.Clerk.Models;

namespace BatonClerk.Engine.Mapping;

/// <summary>
/// Clerk user → Baton user resource. User data goes both into the UserTrait (read by older Baton readers) and
/// into Resource fields 9–12 (read by newer ones).
/// </summary>
/// <remarks>
/// C1 links a person's accounts across applications by email, and anyone can add an address to their own Clerk
/// account without proving it. So only verified, unreserved addresses (and phones) become identifiers: emails,
/// login and login aliases. Unverified ones stay visible in the profile under a key that says so.
/// </remarks>
internal static class UserMapper
{
    /// <param name="now">When the page was read: a lockout's remaining seconds count from here.</param>
    public static Resource Map(ClerkUser user, DateTimeOffset now)
    {
        var identity = UserIdentity.Of(user);
        var status = UserStatus.Of(user, now);
        var profile = Profile(user, identity);

        var trait = new UserTrait
        {
            Status = new UserTrait.Types.Status { Status_ = status.Enabled ? UserTrait.Types.Status.Types.Status.Enabled : UserTrait.Types.Status.Types.Status.Disabled, Details = status.Details },
            AccountType = UserTrait.Types.AccountType.Human,
            Login = identity.Login,
            Profile = profile,
            CreatedAt = ClerkTime.ToTimestamp(user.CreatedAt),
            LastLogin = ClerkTime.ToTimestamp(user.LastSignInAt),
            MfaStatus = new UserTrait.Types.MFAStatus { MfaEnabled = user.TwoFactorEnabled },
            SsoStatus = new UserTrait.Types.SSOStatus { SsoEnabled = identity.SsoProviders.Count > 0 },
            StructuredName = new UserTrait.Types.StructuredName
            {
                GivenName = user.FirstName ?? string.Empty,
                FamilyName = user.LastName ?? string.Empty,
            },
        };
        trait.Emails.AddRange(identity.Emails.Select(e => new UserTrait.Types.Email { Address = e, IsPrimary = e == identity.PrimaryEmail }));
        trait.LoginAliases.AddRange(identity.Aliases);

        var resource = new Resource
        {
            Id = new ResourceId { ResourceType = ResourceTypes.UserId, Resource = user.Id },
            DisplayName = DisplayName(user, identity.PrimaryEmail),
            // Shared with the trait rather than cloned: neither is changed after mapping, and both serialize alike.
            Profile = profile,
            Status = new Baton.V2.Status
            {
                Status_ = status.Enabled ? Baton.V2.Status.Types.ResourceStatus.Enabled : Baton.V2.Status.Types.ResourceStatus.Disabled,
                Details = status.Details,
            },
            CreatedAt = ClerkTime.ToTimestamp(user.CreatedAt),
        };
        resource.Annotations.Add(Annotations.Pack(trait));
        return resource;
    }

    /// <summary>Whether the user is enabled, and why not (empty when enabled).</summary>
    public static (bool Enabled, string Details) StatusOf(ClerkUser user, DateTimeOffset now)
    {
        var status = UserStatus.Of(user, now);
        return (status.Enabled, status.Details);
    }

    public static string DisplayName(ClerkUser user, string? primaryEmail)
    {
        // The non-blank name parts, trimmed, joined by a space (no array or iterator per user: this is the hot path).
        var first = string.IsNullOrWhiteSpace(user.FirstName) ? null : user.FirstName.Trim();
        var last = string.IsNullOrWhiteSpace(user.LastName) ? null : user.LastName.Trim();
        var fullName = first is null ? last : last is null ? first : first + " " + last;
        return fullName ?? NullIfBlank(user.Username) ?? primaryEmail ?? user.Id;
    }

    private static Google.Protobuf.WellKnownTypes.Struct Profile(ClerkUser user, UserIdentity identity)
    {
        var profile = new ProfileBuilder()
            .Add("user_id", user.Id)
            .Add("first_name", user.FirstName)
            .Add("last_name", user.LastName)
            .Add("username", user.Username)
            .Add("email", identity.PrimaryEmail)
            .Add("phone_number", identity.Phone)
            .Add("web3_wallet", identity.Wallet)
            .Add("external_id", user.ExternalId)
            .Add("banned", user.Banned)
            .Add("locked", user.Locked)
            .Add("deprovisioned", user.Deprovisioned)
            .Add("lockout_expires_in_seconds", user.Locked ? user.LockoutExpiresInSeconds : null)
            .Add("two_factor_enabled", user.TwoFactorEnabled)
            .Add("password_enabled", user.PasswordEnabled)
            .Add("totp_enabled", user.TotpEnabled)
            .Add("backup_code_enabled", user.BackupCodeEnabled)
            .Add("created_at", user.CreatedAt)
            .Add("updated_at", user.UpdatedAt)
            .Add("last_sign_in_at", user.LastSignInAt)
            .Add("last_active_at", user.LastActiveAt)
            .Add("legal_accepted_at", user.LegalAcceptedAt)
            .Add("sso_providers", identity.SsoProviders)
            .Add("oauth_providers", identity.OauthProviders)
            .Add("unverified_email_addresses", identity.UnverifiedEmails)
            .AddJson("public_metadata", user.PublicMetadata);
        return profile.Build();
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>Why a user is disabled, in the order an administrator would look for it.</summary>
    private readonly record struct UserStatus(bool Enabled, string Details)
    {
        public static UserStatus Of(ClerkUser user, DateTimeOffset now)
        {
            if (!user.Banned && !user.Deprovisioned && !(user.Locked && user.LockoutExpiresInSeconds is not <= 0))
            {
                return new UserStatus(true, "");
            }

            var reasons = new List<string>(3);
            if (user.Banned)
            {
                reasons.Add("banned");
            }

            if (user.Deprovisioned)
            {
                reasons.Add("deprovisioned");
            }

            // locked with 0 s left is a lockout that has just lifted; null means it lasts until an admin lifts it.
            if (user.Locked && user.LockoutExpiresInSeconds is not <= 0)
            {
                reasons.Add(user.LockoutExpiresInSeconds is { } seconds
                    ? "locked until " + now.AddSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
                    : "locked (no expiry)");
            }

            return new UserStatus(reasons.Count == 0, string.Join(", ", reasons));
        }
    }
}
