using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace BatonClerk.Simulator;

/// <summary>Writes the spec's full objects by hand: fast for 500-row pages and exact about every required field.</summary>
internal static class SimJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // One growing buffer per thread: a page is written synchronously, and a fresh buffer per page doubled its way
    // through the large-object heap several times a request (the simulator's own gen2 collections then took a core).
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    public static byte[] Write(Action<Utf8JsonWriter> body)
    {
        // Taken out of the slot while in use: a value encoded on first use is written from inside a page's Write.
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(4096);
        t_buffer = null;
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            body(writer);
        }

        var bytes = buffer.WrittenSpan.ToArray();
        t_buffer = buffer;
        return bytes;
    }

    public static byte[] Errors(string code, string message, string longMessage, string traceId, string? paramName = null) =>
        Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("errors");
            w.WriteStartObject();
            w.WriteString("message", message);
            w.WriteString("long_message", longMessage);
            w.WriteString("code", code);
            w.WriteStartObject("meta");
            if (paramName is not null)
            {
                w.WriteString("param_name", paramName);
            }

            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartObject("meta");
            w.WriteEndObject();
            w.WriteString("clerk_trace_id", traceId);
            w.WriteEndObject();
        });

    public static void User(Utf8JsonWriter w, SimUser u)
    {
        w.WriteStartObject();
        w.WriteString("id", u.Id);
        w.WriteString("object", "user");
        WriteNullable(w, "external_id", u.ExternalId);
        WriteNullable(w, "primary_email_address_id", u.PrimaryEmailAddressId);
        WriteNullable(w, "primary_phone_number_id", u.PhoneId);
        WriteNullable(w, "primary_web3_wallet_id", u.Web3WalletId);
        WriteNullable(w, "username", u.Username);
        WriteNullable(w, "first_name", u.FirstName);
        WriteNullable(w, "last_name", u.LastName);
        w.WriteString("image_url", $"https://img.example.test/{u.Id}");
        w.WriteBoolean("has_image", false);
        Raw(w, "public_metadata", u.PublicMetadataJson);

        // The real API sends these too; the sync must drop them unread.
        Raw(w, "private_metadata", u.PrivateMetadataJson);
        Raw(w, "unsafe_metadata", u.UnsafeMetadataJson);
        w.WriteStartArray("email_addresses");
        foreach (var e in u.EmailAddresses)
        {
            w.WriteStartObject();
            w.WriteString("id", e.Id);
            w.WriteString("object", "email_address");
            w.WriteString("email_address", e.Address);
            w.WriteBoolean("reserved", e.Reserved);
            Verification(w, e.Verified, "email_code");
            w.WriteStartArray("linked_to");
            w.WriteEndArray();
            w.WriteBoolean("matches_sso_connection", false);
            w.WriteNumber("created_at", u.CreatedAt);
            w.WriteNumber("updated_at", u.CreatedAt);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("phone_numbers");
        if (u.PhoneNumber is { } phone)
        {
            w.WriteStartObject();
            w.WriteString("id", u.PhoneId);
            w.WriteString("object", "phone_number");
            w.WriteString("phone_number", phone);
            w.WriteBoolean("reserved_for_second_factor", false);
            w.WriteBoolean("default_second_factor", false);
            w.WriteBoolean("reserved", false);
            Verification(w, u.PhoneVerified, "phone_code");
            w.WriteStartArray("linked_to");
            w.WriteEndArray();
            w.WriteNumber("created_at", u.CreatedAt);
            w.WriteNumber("updated_at", u.CreatedAt);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("web3_wallets");
        if (u.Web3Wallet is { } wallet)
        {
            w.WriteStartObject();
            w.WriteString("id", u.Web3WalletId);
            w.WriteString("object", "web3_wallet");
            w.WriteString("web3_wallet", wallet);
            w.WriteStartObject("verification");
            w.WriteString("object", "verification_web3");
            w.WriteString("status", "verified");
            w.WriteString("strategy", "web3_metamask_signature");
            w.WriteNull("attempts");
            w.WriteNull("expire_at");
            w.WriteEndObject();
            w.WriteNumber("created_at", u.CreatedAt);
            w.WriteNumber("updated_at", u.CreatedAt);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        foreach (var empty in (ReadOnlySpan<string>)["passkeys", "external_accounts"])
        {
            w.WriteStartArray(empty);
            w.WriteEndArray();
        }

        w.WriteStartArray("saml_accounts");
        if (u.HasSamlAccount)
        {
            SsoAccount(w, u, "saml_account", "saml_okta", null);
        }

        w.WriteEndArray();
        w.WriteStartArray("enterprise_accounts");
        if (u.HasEnterpriseAccount)
        {
            SsoAccount(w, u, "enterprise_account", "saml_custom", "saml");
        }

        w.WriteEndArray();
        w.WriteBoolean("password_enabled", u.EmailCount > 0);
        w.WriteBoolean("two_factor_enabled", u.TwoFactorEnabled);
        w.WriteBoolean("totp_enabled", u.TwoFactorEnabled);
        w.WriteBoolean("backup_code_enabled", false);
        if (u.TwoFactorEnabled)
        {
            w.WriteNumber("mfa_enabled_at", u.CreatedAt);
        }
        else
        {
            w.WriteNull("mfa_enabled_at");
        }

        w.WriteNull("mfa_disabled_at");
        w.WriteBoolean("banned", u.Banned);
        w.WriteBoolean("locked", u.Locked);
        w.WriteBoolean("deprovisioned", u.Deprovisioned);
        WriteNullable(w, "lockout_expires_in_seconds", u.LockoutExpiresInSeconds);
        w.WriteNull("verification_attempts_remaining");
        w.WriteNumber("created_at", u.CreatedAt);
        w.WriteNumber("updated_at", u.UpdatedAt);
        WriteNullable(w, "last_sign_in_at", u.LastSignInAt);
        WriteNullable(w, "last_active_at", u.LastSignInAt / 86_400_000 * 86_400_000);
        w.WriteNull("legal_accepted_at");
        w.WriteBoolean("delete_self_enabled", true);
        w.WriteBoolean("create_organization_enabled", true);
        w.WriteEndObject();
    }

    private static void Verification(Utf8JsonWriter w, bool verified, string strategy)
    {
        w.WriteStartObject("verification");
        w.WriteString("object", "verification_otp");
        w.WriteString("status", verified ? "verified" : "unverified");
        w.WriteString("strategy", strategy);
        w.WriteNull("attempts");
        w.WriteNull("expire_at");
        w.WriteEndObject();
    }

    private static void SsoAccount(Utf8JsonWriter w, SimUser u, string objectName, string provider, string? protocol)
    {
        w.WriteStartObject();
        w.WriteString("id", $"{objectName[..3]}_{u.Id}");
        w.WriteString("object", objectName);
        if (protocol is not null)
        {
            w.WriteString("protocol", protocol);
        }

        w.WriteString("provider", provider);
        w.WriteBoolean("active", true);
        w.WriteString("email_address", u.EmailAddresses[0].Address);
        WriteNullable(w, "first_name", u.FirstName);
        WriteNullable(w, "last_name", u.LastName);
        w.WriteString("provider_user_id", $"idp-{u.Number}");

        // Account metadata from the identity provider: the sync must not carry it into the c1z either.
        Raw(w, "public_metadata", $$"""{"idp_note":"{{u.PrivateMarker}}"}""");
        w.WriteStartObject("verification");
        w.WriteString("object", "verification_saml");
        w.WriteString("status", "verified");
        w.WriteString("strategy", "saml");
        w.WriteNull("attempts");
        w.WriteNull("expire_at");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void Organization(Utf8JsonWriter w, SimOrganization o, int? membersCount)
    {
        w.WriteStartObject();
        w.WriteString("object", "organization");
        w.WriteString("id", o.Id);
        w.WriteString("name", o.Name);
        w.WriteString("slug", o.Slug);
        w.WriteString("image_url", $"https://img.example.test/{o.Id}");
        w.WriteBoolean("has_image", false);
        if (membersCount is { } count)
        {
            w.WriteNumber("members_count", count);
        }

        w.WriteNumber("max_allowed_memberships", o.MaxAllowedMemberships);
        w.WriteString("role_set_key", o.RoleSetKey);
        w.WriteBoolean("admin_delete_enabled", true);
        Raw(w, "public_metadata", o.PublicMetadataJson);
        w.WriteNumber("created_at", o.CreatedAt);
        w.WriteNumber("updated_at", o.UpdatedAt);
        w.WriteEndObject();
    }

    public static void Membership(Utf8JsonWriter w, SimMembership m, IReadOnlyDictionary<string, SimRole> rolesByKey)
    {
        w.WriteStartObject();
        w.WriteString("object", "organization_membership");
        w.WriteString("id", m.Id);
        w.WriteString("role", m.Role);
        var role = rolesByKey.GetValueOrDefault(m.Role);
        if (role is not null)
        {
            w.WriteString("role_name", role.Name);
        }

        w.WriteStartArray("permissions");
        foreach (var key in role?.PermissionKeys ?? [])
        {
            w.WriteStringValue(key);
        }

        w.WriteEndArray();
        w.WriteStartObject("public_metadata");
        w.WriteEndObject();
        w.WritePropertyName("organization");
        Organization(w, m.Organization, null);
        if (!m.OmitsUser)
        {
            PublicUserData(w, m);
        }

        w.WriteNumber("created_at", m.CreatedAt);
        w.WriteNumber("updated_at", m.UpdatedAt);
        w.WriteEndObject();
    }

    private static void PublicUserData(Utf8JsonWriter w, SimMembership m)
    {
        w.WriteStartObject("public_user_data");
        w.WriteString("user_id", m.User.Id);
        WriteNullable(w, "first_name", m.User.FirstName);
        WriteNullable(w, "last_name", m.User.LastName);
        w.WriteString("image_url", $"https://img.example.test/{m.User.Id}");
        w.WriteNull("profile_image_url");
        w.WriteBoolean("has_image", false);
        WriteNullable(w, "identifier", m.User.PrimaryEmail?.Address ?? m.User.Username);
        WriteNullable(w, "username", m.User.Username);
        w.WriteBoolean("banned", m.User.Banned);
        w.WriteEndObject();
    }

    public static void RoleSet(Utf8JsonWriter w, SimRoleSet set, long createdAt)
    {
        w.WriteStartObject();
        w.WriteString("object", "role_set");
        w.WriteString("id", set.Id);
        w.WriteString("name", set.Name);
        w.WriteString("key", set.Key);
        w.WriteNull("description");
        w.WriteStartArray("roles");
        foreach (var role in set.Roles)
        {
            RoleSetItem(w, role);
        }

        w.WriteEndArray();
        w.WritePropertyName("default_role");
        RoleSetItem(w, set.Roles.First(r => r.Key == set.DefaultRoleKey));
        w.WritePropertyName("creator_role");
        RoleSetItem(w, set.Roles.First(r => r.Key == set.CreatorRoleKey));
        w.WriteString("type", set.Number == 0 ? "initial" : "custom");
        w.WriteNull("role_set_migration");
        w.WriteNumber("created_at", createdAt + set.Number);
        w.WriteNumber("updated_at", createdAt + set.Number);
        w.WriteEndObject();
    }

    private static void RoleSetItem(Utf8JsonWriter w, SimRole role)
    {
        w.WriteStartObject();
        w.WriteString("object", "role_set_item");
        w.WriteString("id", role.Id);
        w.WriteString("name", role.Name);
        w.WriteString("key", role.Key);
        WriteNullable(w, "description", role.Description);
        w.WriteNumber("created_at", role.CreatedAt);
        w.WriteNumber("updated_at", role.UpdatedAt);
        w.WriteEndObject();
    }

    public static void Role(Utf8JsonWriter w, SimRole r, IReadOnlyDictionary<string, SimPermission> permissionsByKey)
    {
        w.WriteStartObject();
        w.WriteString("object", "role");
        w.WriteString("id", r.Id);
        w.WriteString("name", r.Name);
        w.WriteString("key", r.Key);
        WriteNullable(w, "description", r.Description);
        w.WriteBoolean("is_creator_eligible", r.IsCreatorEligible);
        w.WriteStartArray("permissions");
        foreach (var key in r.PermissionKeys)
        {
            if (permissionsByKey.TryGetValue(key, out var p))
            {
                Permission(w, p);
            }
        }

        w.WriteEndArray();
        w.WriteNumber("created_at", r.CreatedAt);
        w.WriteNumber("updated_at", r.UpdatedAt);
        w.WriteEndObject();
    }

    public static void Permission(Utf8JsonWriter w, SimPermission p)
    {
        w.WriteStartObject();
        w.WriteString("object", "permission");
        w.WriteString("id", p.Id);
        w.WriteString("name", p.Name);
        w.WriteString("key", p.Key);
        w.WriteString("description", p.Description);
        w.WriteString("type", p.Type);
        w.WriteNumber("created_at", p.CreatedAt);
        w.WriteNumber("updated_at", p.UpdatedAt);
        w.WriteEndObject();
    }

    private static void Raw(Utf8JsonWriter w, string name, string json)
    {
        w.WritePropertyName(name);
        w.WriteRawValue(json, skipInputValidation: true);
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
