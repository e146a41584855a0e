using System.Text.Json;
using System.Text.Json.Serialization;

namespace BatonClerk.Engine.Clerk.Models;

/// <summary>
/// The fields of a Clerk user that the sync maps. private_metadata and unsafe_metadata are deliberately absent:
/// what is never deserialized can never leak into a c1z or a log.
/// </summary>
public sealed record ClerkUser
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("external_id")] public string? ExternalId { get; init; }
    [JsonPropertyName("username")] public string? Username { get; init; }
    [JsonPropertyName("first_name")] public string? FirstName { get; init; }
    [JsonPropertyName("last_name")] public string? LastName { get; init; }
    [JsonPropertyName("primary_email_address_id")] public string? PrimaryEmailAddressId { get; init; }
    [JsonPropertyName("email_addresses")] public IReadOnlyList<ClerkEmailAddress>? EmailAddresses { get; init; }
    [JsonPropertyName("two_factor_enabled")] public bool TwoFactorEnabled { get; init; }
    [JsonPropertyName("banned")] public bool Banned { get; init; }
    [JsonPropertyName("locked")] public bool Locked { get; init; }
    [JsonPropertyName("lockout_expires_in_seconds")] public long? LockoutExpiresInSeconds { get; init; }
    [JsonPropertyName("deprovisioned")] public bool Deprovisioned { get; init; }
    [JsonPropertyName("primary_phone_number_id")] public string? PrimaryPhoneNumberId { get; init; }
    [JsonPropertyName("phone_numbers")] public IReadOnlyList<ClerkPhoneNumber>? PhoneNumbers { get; init; }
    [JsonPropertyName("primary_web3_wallet_id")] public string? PrimaryWeb3WalletId { get; init; }
    [JsonPropertyName("web3_wallets")] public IReadOnlyList<ClerkWeb3Wallet>? Web3Wallets { get; init; }
    [JsonPropertyName("saml_accounts")] public IReadOnlyList<ClerkSsoAccount>? SamlAccounts { get; init; }
    [JsonPropertyName("enterprise_accounts")] public IReadOnlyList<ClerkSsoAccount>? EnterpriseAccounts { get; init; }
    [JsonPropertyName("external_accounts")] public IReadOnlyList<ClerkExternalAccount>? ExternalAccounts { get; init; }
    [JsonPropertyName("password_enabled")] public bool? PasswordEnabled { get; init; }
    [JsonPropertyName("totp_enabled")] public bool? TotpEnabled { get; init; }
    [JsonPropertyName("backup_code_enabled")] public bool? BackupCodeEnabled { get; init; }
    [JsonPropertyName("legal_accepted_at")] public long? LegalAcceptedAt { get; init; }
    [JsonPropertyName("created_at")] public long CreatedAt { get; init; }
    [JsonPropertyName("updated_at")] public long? UpdatedAt { get; init; }
    [JsonPropertyName("last_sign_in_at")] public long? LastSignInAt { get; init; }
    [JsonPropertyName("last_active_at")] public long? LastActiveAt { get; init; }
    [JsonPropertyName("image_url")] public string? ImageUrl { get; init; }
    [JsonPropertyName("public_metadata")] public JsonElement? PublicMetadata { get; init; }
}

public sealed record ClerkEmailAddress
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("email_address")] public string? EmailAddress { get; init; }
    [JsonPropertyName("reserved")] public bool? Reserved { get; init; }
    [JsonPropertyName("verification")] public ClerkVerification? Verification { get; init; }

    /// <summary>Only a verified, unreserved address is proof of who the user is.</summary>
    [JsonIgnore] public bool IsVerified => Reserved != true && Verification?.IsVerified == true;
}

/// <summary>Only the status is read; the verification's other fields (strategy, attempts, nonce…) do not matter here.</summary>
public sealed record ClerkVerification
{
    [JsonPropertyName("status")] public string? Status { get; init; }

    [JsonIgnore] public bool IsVerified => Status == "verified";
}

public sealed record ClerkPhoneNumber
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("phone_number")] public string? PhoneNumber { get; init; }
    [JsonPropertyName("reserved")] public bool? Reserved { get; init; }
    [JsonPropertyName("verification")] public ClerkVerification? Verification { get; init; }

    [JsonIgnore] public bool IsVerified => Reserved != true && Verification?.IsVerified == true;
}

public sealed record ClerkWeb3Wallet
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("web3_wallet")] public string? Web3Wallet { get; init; }
    [JsonPropertyName("verification")] public ClerkVerification? Verification { get; init; }

    [JsonIgnore] public bool IsVerified => Verification?.IsVerified == true;
}

/// <summary>A SAML or enterprise (SAML/OIDC) account. Its public_metadata is deliberately not read.</summary>
public sealed record ClerkSsoAccount
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("provider")] public string? Provider { get; init; }
    [JsonPropertyName("protocol")] public string? Protocol { get; init; }
    [JsonPropertyName("active")] public bool Active { get; init; }
    [JsonPropertyName("email_address")] public string? EmailAddress { get; init; }
    [JsonPropertyName("last_authenticated_at")] public long? LastAuthenticatedAt { get; init; }
}

/// <summary>An OAuth account (Google, GitHub…): only the provider is read, as a profile hint.</summary>
public sealed record ClerkExternalAccount
{
    [JsonPropertyName("provider")] public string? Provider { get; init; }
}
