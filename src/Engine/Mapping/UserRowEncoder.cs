using System.Text.Json;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.C1z;
using BatonClerk.Engine.Clerk.Models;

namespace BatonClerk.Engine.Mapping;

/// <summary>
/// INTERNAL API. Clerk user → the protobuf bytes of its Baton user resource, written straight from the Clerk model:
/// byte for byte what serializing <see cref="UserMapper.Map"/>'s message gives (UserMapperTests and
/// UserRowEncoderTests hold the two together), without the message objects. Mapping a page of users through messages
/// allocated about 9 KiB per user (the profile Struct's map, the trait packed into an Any, each Value) and was the
/// largest single cost of a sync (docs/perf-issue15.md, round 5).
/// </summary>
internal static class UserRowEncoder
{
    private static readonly string TraitTypeUrl = Baton.Annotations.TypeUrlPrefix + "/" + UserTrait.Descriptor.FullName;

    // The profile's keys (UserMapper's Profile), written in ordinal order as ProfileBuilder sorts them.
    private enum Key
    {
        UserId, FirstName, LastName, Username, Email, PhoneNumber, Web3Wallet, ExternalId, Banned, Locked,
        Deprovisioned, LockoutExpiresInSeconds, TwoFactorEnabled, PasswordEnabled, TotpEnabled, BackupCodeEnabled,
        CreatedAt, UpdatedAt, LastSignInAt, LastActiveAt, LegalAcceptedAt, SsoProviders, OauthProviders,
        UnverifiedEmailAddresses, PublicMetadata,
    }

    private static readonly string[] KeyNames =
    [
        "user_id", "first_name", "last_name", "username", "email", "phone_number", "web3_wallet", "external_id",
        "banned", "locked", "deprovisioned", "lockout_expires_in_seconds", "two_factor_enabled", "password_enabled",
        "totp_enabled", "backup_code_enabled", "created_at", "updated_at", "last_sign_in_at", "last_active_at",
        "legal_accepted_at", "sso_providers", "oauth_providers", "unverified_email_addresses", "public_metadata",
    ];

    private static readonly Key[] SortedKeys =
        [.. Enum.GetValues<Key>().OrderBy(k => KeyNames[(int)k], StringComparer.Ordinal)];

    [ThreadStatic]
    private static ProtoWriter? t_profile;

    /// <summary>Writes the resource's bytes into <paramref name="output"/> (reset first).</summary>
    /// <param name="now">When the page was read: a lockout's remaining seconds count from here.</param>
    public static void Encode(ClerkUser user, DateTimeOffset now, ProtoWriter output)
    {
        var identity = UserIdentity.Of(user);
        var (enabled, details) = UserMapper.StatusOf(user, now);
        var profile = t_profile ??= new ProtoWriter();
        profile.Reset();
        WriteProfileFields(profile, user, identity);
        var createdAt = ClerkTime.Milliseconds(user.CreatedAt);

        output.Reset();
        // Resource.id = 1
        output.BeginMessage(1);
        output.String(1, ResourceTypes.UserId);
        output.String(2, user.Id);
        output.EndMessage();
        // Resource.display_name = 3
        output.String(3, UserMapper.DisplayName(user, identity.PrimaryEmail));
        // Resource.annotations = 4: one Any holding the UserTrait.
        output.BeginMessage(4);
        output.String(1, TraitTypeUrl);
        output.BeginMessage(2);
        WriteTrait(output, user, identity, enabled, details, profile.Written, createdAt);
        output.EndMessage();
        output.EndMessage();
        // Resource.profile = 9, the same Struct as the trait's.
        output.BeginMessage(9);
        output.Raw(profile.Written);
        output.EndMessage();
        // Resource.status = 11
        output.BeginMessage(11);
        output.Int64(1, (long)(enabled ? Status.Types.ResourceStatus.Enabled : Status.Types.ResourceStatus.Disabled));
        output.String(2, details);
        output.EndMessage();
        // Resource.created_at = 12
        Timestamp(output, 12, createdAt);
    }

    private static void WriteTrait(ProtoWriter w, ClerkUser user, UserIdentity identity, bool enabled, string details,
        ReadOnlySpan<byte> profile, long? createdAt)
    {
        // UserTrait.emails = 1
        foreach (var email in identity.Emails)
        {
            w.BeginMessage(1);
            w.String(1, email);
            w.Bool(2, email == identity.PrimaryEmail);
            w.EndMessage();
        }

        // UserTrait.status = 2
        w.BeginMessage(2);
        w.Int64(1, (long)(enabled ? UserTrait.Types.Status.Types.Status.Enabled : UserTrait.Types.Status.Types.Status.Disabled));
        w.String(2, details);
        w.EndMessage();
        // UserTrait.profile = 3
        w.BeginMessage(3);
        w.Raw(profile);
        w.EndMessage();
        // UserTrait.account_type = 5, login = 6, login_aliases = 7
        w.Int64(5, (long)UserTrait.Types.AccountType.Human);
        w.String(6, identity.Login);
        foreach (var alias in identity.Aliases)
        {
            w.String(7, alias, always: true);
        }

        // UserTrait.created_at = 8, last_login = 9
        Timestamp(w, 8, createdAt);
        Timestamp(w, 9, ClerkTime.Milliseconds(user.LastSignInAt));
        // UserTrait.mfa_status = 10, sso_status = 11, structured_name = 12
        w.BeginMessage(10);
        w.Bool(1, user.TwoFactorEnabled);
        w.EndMessage();
        w.BeginMessage(11);
        w.Bool(1, identity.SsoProviders.Count > 0);
        w.EndMessage();
        w.BeginMessage(12);
        w.String(1, user.FirstName);
        w.String(2, user.LastName);
        w.EndMessage();
    }

    // Struct.fields = 1: a map entry per key (key = 1, value = 2) in key order.
    private static void WriteProfileFields(ProtoWriter w, ClerkUser user, UserIdentity identity)
    {
        foreach (var key in SortedKeys)
        {
            var name = KeyNames[(int)key];
            switch (key)
            {
                case Key.UserId: EntryString(w, name, user.Id); break;
                case Key.FirstName: EntryString(w, name, user.FirstName); break;
                case Key.LastName: EntryString(w, name, user.LastName); break;
                case Key.Username: EntryString(w, name, user.Username); break;
                case Key.Email: EntryString(w, name, identity.PrimaryEmail); break;
                case Key.PhoneNumber: EntryString(w, name, identity.Phone); break;
                case Key.Web3Wallet: EntryString(w, name, identity.Wallet); break;
                case Key.ExternalId: EntryString(w, name, user.ExternalId); break;
                case Key.Banned: EntryBool(w, name, user.Banned); break;
                case Key.Locked: EntryBool(w, name, user.Locked); break;
                case Key.Deprovisioned: EntryBool(w, name, user.Deprovisioned); break;
                case Key.LockoutExpiresInSeconds: EntryNumber(w, name, user.Locked ? user.LockoutExpiresInSeconds : null); break;
                case Key.TwoFactorEnabled: EntryBool(w, name, user.TwoFactorEnabled); break;
                case Key.PasswordEnabled: EntryBool(w, name, user.PasswordEnabled); break;
                case Key.TotpEnabled: EntryBool(w, name, user.TotpEnabled); break;
                case Key.BackupCodeEnabled: EntryBool(w, name, user.BackupCodeEnabled); break;
                case Key.CreatedAt: EntryNumber(w, name, user.CreatedAt); break;
                case Key.UpdatedAt: EntryNumber(w, name, user.UpdatedAt); break;
                case Key.LastSignInAt: EntryNumber(w, name, user.LastSignInAt); break;
                case Key.LastActiveAt: EntryNumber(w, name, user.LastActiveAt); break;
                case Key.LegalAcceptedAt: EntryNumber(w, name, user.LegalAcceptedAt); break;
                case Key.SsoProviders: EntryList(w, name, identity.SsoProviders); break;
                case Key.OauthProviders: EntryList(w, name, identity.OauthProviders); break;
                case Key.UnverifiedEmailAddresses: EntryList(w, name, identity.UnverifiedEmails); break;
                case Key.PublicMetadata: EntryJson(w, name, user.PublicMetadata); break;
            }
        }
    }

    private static void EntryString(ProtoWriter w, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            BeginEntry(w, key);
            w.String(3, value, always: true);
            EndEntry(w);
        }
    }

    private static void EntryBool(ProtoWriter w, string key, bool? value)
    {
        if (value is { } known)
        {
            BeginEntry(w, key);
            w.Bool(4, known, always: true);
            EndEntry(w);
        }
    }

    private static void EntryNumber(ProtoWriter w, string key, long? value)
    {
        if (value is { } known)
        {
            BeginEntry(w, key);
            w.Double(2, known);
            EndEntry(w);
        }
    }

    private static void EntryList(ProtoWriter w, string key, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            BeginEntry(w, key);
            w.BeginMessage(6);
            foreach (var value in values)
            {
                w.BeginMessage(1);
                w.String(3, value, always: true);
                w.EndMessage();
            }

            w.EndMessage();
            EndEntry(w);
        }
    }

    private static void EntryJson(ProtoWriter w, string key, JsonElement? json)
    {
        if (json is { ValueKind: JsonValueKind.Object } obj && obj.EnumerateObject().Any())
        {
            BeginEntry(w, key);
            JsonValue(w, obj);
            EndEntry(w);
        }
    }

    // Map entry (Struct.fields = 1): key = 1, then the Value message (value = 2), whose kind the caller writes.
    private static void BeginEntry(ProtoWriter w, string key)
    {
        w.BeginMessage(1);
        w.String(1, key);
        w.BeginMessage(2);
    }

    private static void EndEntry(ProtoWriter w)
    {
        w.EndMessage();
        w.EndMessage();
    }

    // Value's kind, as ProfileBuilder's FromJson maps JSON: null_value = 1, number_value = 2, string_value = 3,
    // bool_value = 4, struct_value = 5 (keys in ordinal order, a repeated key once with its last value), list_value = 6.
    private static void JsonValue(ProtoWriter w, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                w.BeginMessage(5);
                var properties = element.EnumerateObject().Select(p => (p.Name, p.Value)).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
                for (var i = 0; i < properties.Count; i++)
                {
                    if (i + 1 < properties.Count && properties[i + 1].Name == properties[i].Name)
                    {
                        continue;
                    }

                    BeginEntry(w, properties[i].Name);
                    JsonValue(w, properties[i].Value);
                    EndEntry(w);
                }

                w.EndMessage();
                break;
            case JsonValueKind.Array:
                w.BeginMessage(6);
                foreach (var item in element.EnumerateArray())
                {
                    w.BeginMessage(1);
                    JsonValue(w, item);
                    w.EndMessage();
                }

                w.EndMessage();
                break;
            case JsonValueKind.String:
                w.String(3, element.GetString(), always: true);
                break;
            case JsonValueKind.Number:
                w.Double(2, element.GetDouble());
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
                w.Bool(4, element.ValueKind == JsonValueKind.True, always: true);
                break;
            default:
                w.Int64(1, 0, always: true);
                break;
        }
    }

    // google.protobuf.Timestamp: seconds = 1, nanos = 2; no field when Clerk gave no time.
    private static void Timestamp(ProtoWriter w, int field, long? unixMilliseconds)
    {
        if (unixMilliseconds is { } ms)
        {
            w.BeginMessage(field);
            w.Int64(1, ms / 1000);
            w.Int64(2, ms % 1000 * 1_000_000);
            w.EndMessage();
        }
    }
}
