using System.Text.Json;
using BatonClerk.Engine.Clerk.Models;
using static BatonClerk.Engine.Clerk.Reading.JsonScan;

namespace BatonClerk.Engine.Clerk.Reading;

/// <summary>
/// INTERNAL API. A page of <c>/users</c> read straight off its UTF-8 bytes into the Clerk model, for the properties
/// the model has, with what the general parser (<see cref="ClerkJsonContext"/>) would give them. System.Text.Json's
/// metadata-driven reading was half of a sync's parsing time; this reader does the same work in one pass, shares the
/// strings that repeat (statuses, providers) and does not keep the strings nothing maps (an SSO account's address,
/// image URLs), though it checks them as the general parser would. Anything else goes back to the general parser
/// (<see cref="FastPathMiss"/>); ClerkUserReaderTests holds the two together.
/// </summary>
internal static class ClerkUserReader
{
    private enum UserField
    {
        Id, ExternalId, Username, FirstName, LastName, PrimaryEmailAddressId, EmailAddresses, TwoFactorEnabled, Banned,
        Locked, LockoutExpiresInSeconds, Deprovisioned, PrimaryPhoneNumberId, PhoneNumbers, PrimaryWeb3WalletId,
        Web3Wallets, SamlAccounts, EnterpriseAccounts, ExternalAccounts, PasswordEnabled, TotpEnabled, BackupCodeEnabled,
        LegalAcceptedAt, CreatedAt, UpdatedAt, LastSignInAt, LastActiveAt, ImageUrl, PublicMetadata,
    }

    private enum ItemField { Id, EmailAddress, PhoneNumber, Web3Wallet, Reserved, Verification, Status, Provider, Protocol, Active, LastAuthenticatedAt }

    private static readonly PropertyTable<UserField> UserFields = new(
        ("id", UserField.Id), ("external_id", UserField.ExternalId), ("username", UserField.Username),
        ("first_name", UserField.FirstName), ("last_name", UserField.LastName),
        ("primary_email_address_id", UserField.PrimaryEmailAddressId), ("email_addresses", UserField.EmailAddresses),
        ("two_factor_enabled", UserField.TwoFactorEnabled), ("banned", UserField.Banned), ("locked", UserField.Locked),
        ("lockout_expires_in_seconds", UserField.LockoutExpiresInSeconds), ("deprovisioned", UserField.Deprovisioned),
        ("primary_phone_number_id", UserField.PrimaryPhoneNumberId), ("phone_numbers", UserField.PhoneNumbers),
        ("primary_web3_wallet_id", UserField.PrimaryWeb3WalletId), ("web3_wallets", UserField.Web3Wallets),
        ("saml_accounts", UserField.SamlAccounts), ("enterprise_accounts", UserField.EnterpriseAccounts),
        ("external_accounts", UserField.ExternalAccounts), ("password_enabled", UserField.PasswordEnabled),
        ("totp_enabled", UserField.TotpEnabled), ("backup_code_enabled", UserField.BackupCodeEnabled),
        ("legal_accepted_at", UserField.LegalAcceptedAt), ("created_at", UserField.CreatedAt),
        ("updated_at", UserField.UpdatedAt), ("last_sign_in_at", UserField.LastSignInAt),
        ("last_active_at", UserField.LastActiveAt), ("image_url", UserField.ImageUrl),
        ("public_metadata", UserField.PublicMetadata));

    // One table for the small objects inside a user; each reader acts only on the names its model has.
    private static readonly PropertyTable<ItemField> ItemFields = new(
        ("id", ItemField.Id), ("email_address", ItemField.EmailAddress), ("phone_number", ItemField.PhoneNumber),
        ("web3_wallet", ItemField.Web3Wallet), ("reserved", ItemField.Reserved), ("verification", ItemField.Verification),
        ("status", ItemField.Status), ("provider", ItemField.Provider), ("protocol", ItemField.Protocol),
        ("active", ItemField.Active), ("last_authenticated_at", ItemField.LastAuthenticatedAt));

    [ThreadStatic]
    private static Utf8StringCache? t_repeated;

    private static readonly JsonScan.ItemReader<ClerkUser> s_user = ReadUser;
    private static readonly JsonScan.ItemReader<ClerkEmailAddress> s_email = ReadEmail;
    private static readonly JsonScan.ItemReader<ClerkPhoneNumber> s_phone = ReadPhone;
    private static readonly JsonScan.ItemReader<ClerkWeb3Wallet> s_wallet = ReadWallet;
    private static readonly JsonScan.ItemReader<ClerkSsoAccount> s_sso = ReadSso;
    private static readonly JsonScan.ItemReader<ClerkExternalAccount> s_external = ReadExternal;

    /// <summary>The users of a <c>/users</c> body; false when the general parser must decide it.</summary>
    public static bool TryReadList(ReadOnlySpan<byte> utf8, out List<ClerkUser> users)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8);
            users = NullableList(ref reader, s_user) ?? throw FastPathMiss.Create();
            End(ref reader);
            return true;
        }
        catch (Exception e) when (e is FastPathMiss or JsonException or InvalidOperationException or FormatException)
        {
            users = null!;
            return false;
        }
    }

    private static Utf8StringCache Repeated => t_repeated ??= new Utf8StringCache(32);

    private static ClerkUser ReadUser(ref Utf8JsonReader reader)
    {
        var user = new ClerkUser();
        var hasId = false;
        while (NextProperty(ref reader, out var name))
        {
            if (!UserFields.TryFind(name, out var field))
            {
                SkipValue(ref reader);
                continue;
            }

            switch (field)
            {
                case UserField.Id: user.Id = String(ref reader); hasId = true; break;
                case UserField.ExternalId: user.ExternalId = NullableString(ref reader); break;
                case UserField.Username: user.Username = NullableString(ref reader); break;
                case UserField.FirstName: user.FirstName = NullableString(ref reader); break;
                case UserField.LastName: user.LastName = NullableString(ref reader); break;
                case UserField.PrimaryEmailAddressId: user.PrimaryEmailAddressId = NullableString(ref reader); break;
                case UserField.EmailAddresses: user.EmailAddresses = NullableList(ref reader, s_email); break;
                case UserField.TwoFactorEnabled: user.TwoFactorEnabled = Bool(ref reader); break;
                case UserField.Banned: user.Banned = Bool(ref reader); break;
                case UserField.Locked: user.Locked = Bool(ref reader); break;
                case UserField.LockoutExpiresInSeconds: user.LockoutExpiresInSeconds = NullableInt64(ref reader); break;
                case UserField.Deprovisioned: user.Deprovisioned = Bool(ref reader); break;
                case UserField.PrimaryPhoneNumberId: user.PrimaryPhoneNumberId = NullableString(ref reader); break;
                case UserField.PhoneNumbers: user.PhoneNumbers = NullableList(ref reader, s_phone); break;
                case UserField.PrimaryWeb3WalletId: user.PrimaryWeb3WalletId = NullableString(ref reader); break;
                case UserField.Web3Wallets: user.Web3Wallets = NullableList(ref reader, s_wallet); break;
                case UserField.SamlAccounts: user.SamlAccounts = NullableList(ref reader, s_sso); break;
                case UserField.EnterpriseAccounts: user.EnterpriseAccounts = NullableList(ref reader, s_sso); break;
                case UserField.ExternalAccounts: user.ExternalAccounts = NullableList(ref reader, s_external); break;
                case UserField.PasswordEnabled: user.PasswordEnabled = NullableBool(ref reader); break;
                case UserField.TotpEnabled: user.TotpEnabled = NullableBool(ref reader); break;
                case UserField.BackupCodeEnabled: user.BackupCodeEnabled = NullableBool(ref reader); break;
                case UserField.LegalAcceptedAt: user.LegalAcceptedAt = NullableInt64(ref reader); break;
                case UserField.CreatedAt: user.CreatedAt = Int64(ref reader); break;
                case UserField.UpdatedAt: user.UpdatedAt = NullableInt64(ref reader); break;
                case UserField.LastSignInAt: user.LastSignInAt = NullableInt64(ref reader); break;
                case UserField.LastActiveAt: user.LastActiveAt = NullableInt64(ref reader); break;
                case UserField.ImageUrl: CheckNullableString(ref reader); break;
                case UserField.PublicMetadata: user.PublicMetadata = NullableElement(ref reader); break;
            }
        }

        // The general parser refuses a user without its required id.
        return hasId ? user : throw FastPathMiss.Create();
    }

    private static ClerkEmailAddress ReadEmail(ref Utf8JsonReader reader)
    {
        var email = new ClerkEmailAddress();
        while (NextProperty(ref reader, out var name))
        {
            switch (Find(name))
            {
                case ItemField.Id: email.Id = NullableString(ref reader); break;
                case ItemField.EmailAddress: email.EmailAddress = NullableString(ref reader); break;
                case ItemField.Reserved: email.Reserved = NullableBool(ref reader); break;
                case ItemField.Verification: email.Verification = ReadVerification(ref reader); break;
                default: SkipValue(ref reader); break;
            }
        }

        return email;
    }

    private static ClerkPhoneNumber ReadPhone(ref Utf8JsonReader reader)
    {
        var phone = new ClerkPhoneNumber();
        while (NextProperty(ref reader, out var name))
        {
            switch (Find(name))
            {
                case ItemField.Id: phone.Id = NullableString(ref reader); break;
                case ItemField.PhoneNumber: phone.PhoneNumber = NullableString(ref reader); break;
                case ItemField.Reserved: phone.Reserved = NullableBool(ref reader); break;
                case ItemField.Verification: phone.Verification = ReadVerification(ref reader); break;
                default: SkipValue(ref reader); break;
            }
        }

        return phone;
    }

    private static ClerkWeb3Wallet ReadWallet(ref Utf8JsonReader reader)
    {
        var wallet = new ClerkWeb3Wallet();
        while (NextProperty(ref reader, out var name))
        {
            switch (Find(name))
            {
                case ItemField.Id: wallet.Id = NullableString(ref reader); break;
                case ItemField.Web3Wallet: wallet.Web3Wallet = NullableString(ref reader); break;
                case ItemField.Verification: wallet.Verification = ReadVerification(ref reader); break;
                default: SkipValue(ref reader); break;
            }
        }

        return wallet;
    }

    private static ClerkSsoAccount ReadSso(ref Utf8JsonReader reader)
    {
        var account = new ClerkSsoAccount();
        while (NextProperty(ref reader, out var name))
        {
            switch (Find(name))
            {
                case ItemField.Id: account.Id = NullableString(ref reader); break;
                case ItemField.Provider: account.Provider = NullableString(ref reader, Repeated); break;
                case ItemField.Protocol: account.Protocol = NullableString(ref reader, Repeated); break;
                case ItemField.Active: account.Active = Bool(ref reader); break;
                case ItemField.EmailAddress: CheckNullableString(ref reader); break;
                case ItemField.LastAuthenticatedAt: account.LastAuthenticatedAt = NullableInt64(ref reader); break;
                default: SkipValue(ref reader); break;
            }
        }

        return account;
    }

    private static ClerkExternalAccount ReadExternal(ref Utf8JsonReader reader)
    {
        var account = new ClerkExternalAccount();
        while (NextProperty(ref reader, out var name))
        {
            if (Find(name) == ItemField.Provider)
            {
                account.Provider = NullableString(ref reader, Repeated);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return account;
    }

    // A verification is only its status (one shared string per status); its attempts, strategy and nonce are skipped.
    private static ClerkVerification? ReadVerification(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw FastPathMiss.Create();
        }

        string? status = null;
        while (NextProperty(ref reader, out var name))
        {
            if (Find(name) == ItemField.Status)
            {
                status = NullableString(ref reader, Repeated);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return new ClerkVerification { Status = status };
    }

    private static ItemField? Find(ReadOnlySpan<byte> name) => ItemFields.TryFind(name, out var field) ? field : null;
}
