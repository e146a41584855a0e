using System.Text.Json;
using System.Text.Json.Serialization;

namespace BatonClerk.Engine.Clerk.Models;

/// <summary>
/// The fields of a Clerk user that the sync maps. private_metadata and unsafe_metadata are deliberately absent:
/// what is never deserialized can never leak into a c1z or a log.
/// </summary>
internal sealed record ClerkUser
{
    [JsonPropertyName("id")] [JsonRequired] public string Id { get; set; } = null!;
    [JsonPropertyName("external_id")] public string? ExternalId { get; set; }
    [JsonPropertyName("username")] public string? Username { get; set; }
    [JsonPropertyName("first_name")] public string? FirstName { get; set; }
    [JsonPropertyName("last_name")] public string? LastName { get; set; }
    [JsonPropertyName("primary_email_address_id")] public string? PrimaryEmailAddressId { get; set; }
    [JsonPropertyName("email_addresses")] public IReadOnlyList<ClerkEmailAddress>? EmailAddresses { get; set; }
    [JsonPropertyName("two_factor_enabled")] public bool TwoFactorEnabled { get; set; }
    [JsonPropertyName("banned")] public bool Banned { get; set; }
    [JsonPropertyName("locked")] public bool Locked { get; set; }
    [JsonPropertyName("lockout_expires_in_seconds")] public long? LockoutExpiresInSeconds { get; set; }
    [JsonPropertyName("deprovisioned")] public bool Deprovisioned { get; set; }
    [JsonPropertyName("primary_phone_number_id")] public string? PrimaryPhoneNumberId { get; set; }
    [JsonPropertyName("phone_numbers")] public IReadOnlyList<ClerkPhoneNumber>? PhoneNumbers { get; set; }
    [JsonPropertyName("primary_web3_wallet_id")] public string? PrimaryWeb3WalletId { get; set; }
    [JsonPropertyName("web3_wallets")] public IReadOnlyList<ClerkWeb3Wallet>? Web3Wallets { get; set; }
    [JsonPropertyName("saml_accounts")] public IReadOnlyList<ClerkSsoAccount>? SamlAccounts { get; set; }
    [JsonPropertyName("enterprise_accounts")] public IReadOnlyList<ClerkSsoAccount>? EnterpriseAccounts { get; set; }
    [JsonPropertyName("external_accounts")] public IReadOnlyList<ClerkExternalAccount>? ExternalAccounts { get; set; }
    [JsonPropertyName("password_enabled")] public bool? PasswordEnabled { get; set; }
    [JsonPropertyName("totp_enabled")] public bool? TotpEnabled { get; set; }
    [JsonPropertyName("backup_code_enabled")] public bool? BackupCodeEnabled { get; set; }
    [JsonPropertyName("legal_accepted_at")] public long? LegalAcceptedAt { get; set; }
    [JsonPropertyName("created_at")] public long CreatedAt { get; set; }
    [JsonPropertyName("updated_at")] public long? UpdatedAt { get; set; }
    [JsonPropertyName("last_sign_in_at")] public long? LastSignInAt { get; set; }
    [JsonPropertyName("last_active_at")] public long? LastActiveAt { get; set; }
    [JsonPropertyName("image_url")] public string? ImageUrl { get; set; }
    [JsonPropertyName("public_metadata")] public JsonElement? PublicMetadata { get; set; }
}

internal sealed record ClerkEmailAddress
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("email_address")] public string? EmailAddress { get; set; }
    [JsonPropertyName("reserved")] public bool? Reserved { get; set; }
    [JsonPropertyName("verification")] public ClerkVerification? Verification { get; set; }

    /// <summary>Only a verified, unreserved address is proof of who the user is.</summary>
    [JsonIgnore] public bool IsVerified => Reserved != true && Verification?.IsVerified == true;
}

/// <summary>Only the status is read; the verification's other fields (strategy, attempts, nonce…) do not matter here.</summary>
internal sealed record ClerkVerification
{
    [JsonPropertyName("status")] public string? Status { get; set; }

    [JsonIgnore] public bool IsVerified => Status == "verified";
}

internal sealed record ClerkPhoneNumber
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("phone_number")] public string? PhoneNumber { get; set; }
    [JsonPropertyName("reserved")] public bool? Reserved { get; set; }
    [JsonPropertyName("verification")] public ClerkVerification? Verification { get; set; }

    [JsonIgnore] public bool IsVerified => Reserved != true && Verification?.IsVerified == true;
}

internal sealed record ClerkWeb3Wallet
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("web3_wallet")] public string? Web3Wallet { get; set; }
    [JsonPropertyName("verification")] public ClerkVerification? Verification { get; set; }

    [JsonIgnore] public bool IsVerified => Verification?.IsVerified == true;
}

/// <summary>A SAML or enterprise (SAML/OIDC) account. Its public_metadata is deliberately not read.</summary>
internal sealed record ClerkSsoAccount
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("provider")] public string? Provider { get; set; }
    [JsonPropertyName("protocol")] public string? Protocol { get; set; }
    [JsonPropertyName("active")] public bool Active { get; set; }
    [JsonPropertyName("email_address")] public string? EmailAddress { get; set; }
    [JsonPropertyName("last_authenticated_at")] public long? LastAuthenticatedAt { get; set; }
}

/// <summary>An OAuth account (Google, GitHub…): only the provider is read, as a profile hint.</summary>
internal sealed record ClerkExternalAccount
{
    [JsonPropertyName("provider")] public string? Provider { get; set; }
}
