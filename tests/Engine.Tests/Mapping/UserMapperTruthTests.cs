using System.Text.Json;
using BatonClerk.Engine.Baton;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Clerk.Models;
using BatonClerk.Engine.Mapping;
using Google.Protobuf;

namespace BatonClerk.Engine.Tests.Mapping;

/// <summary>What real instances hold that a happy-path mock does not: lockouts, deprovisioning, unproven identifiers.</summary>
public sealed partial class UserMapperTests
{
    private static ClerkVerification Unverified => new() { Status = "unverified" };

    [Fact]
    public void Map_Deprovisioned_IsDisabledWithDetails()
    {
        var r = UserMapper.Map(Full() with { Deprovisioned = true }, Now);

        Assert.Equal(Status.Types.ResourceStatus.Disabled, r.Status.Status_);
        Assert.Equal("deprovisioned", r.Status.Details);
        Assert.Equal(UserTrait.Types.Status.Types.Status.Disabled, Trait(r).Status.Status_);
        Assert.True(r.Profile.Fields["deprovisioned"].BoolValue);
    }

    [Fact]
    public void Map_LockedWithExpiry_IsDisabledUntilThen()
    {
        var r = UserMapper.Map(Full() with { Locked = true, LockoutExpiresInSeconds = 1800 }, Now);

        Assert.Equal(Status.Types.ResourceStatus.Disabled, r.Status.Status_);
        Assert.Equal("locked until 2026-12-01T12:30:00Z", r.Status.Details);
        Assert.Equal(1800, r.Profile.Fields["lockout_expires_in_seconds"].NumberValue);
    }

    [Fact]
    public void Map_LockoutAlreadyExpired_IsEnabled()
    {
        var r = UserMapper.Map(Full() with { Locked = true, LockoutExpiresInSeconds = 0 }, Now);

        Assert.Equal(Status.Types.ResourceStatus.Enabled, r.Status.Status_);
        Assert.Equal("", r.Status.Details);
    }

    [Fact]
    public void Map_UnverifiedAddresses_NeverIdentifyTheUser()
    {
        var user = Full() with
        {
            Username = null,
            PrimaryEmailAddressId = "idn_p",
            EmailAddresses =
            [
                new ClerkEmailAddress { Id = "idn_p", EmailAddress = "ceo@victim.example", Verification = Unverified },
                new ClerkEmailAddress { Id = "idn_r", EmailAddress = "reserved@victim.example", Reserved = true, Verification = Verified },
                new ClerkEmailAddress { Id = "idn_x", EmailAddress = "nobody@victim.example" },
                new ClerkEmailAddress { Id = "idn_v", EmailAddress = "me@mine.example", Verification = Verified },
            ],
        };

        var r = UserMapper.Map(user, Now);
        var t = Trait(r);

        Assert.Equal("me@mine.example", t.Login);
        Assert.Equal(["me@mine.example"], t.Emails.Select(e => e.Address));
        Assert.True(t.Emails[0].IsPrimary);
        Assert.Empty(t.LoginAliases);
        Assert.Equal("me@mine.example", r.Profile.Fields["email"].StringValue);
        Assert.Equal(
            ["ceo@victim.example", "reserved@victim.example", "nobody@victim.example"],
            r.Profile.Fields["unverified_email_addresses"].ListValue.Values.Select(v => v.StringValue));
    }

    [Fact]
    public void Map_PhoneOnlyUser_LogsInWithVerifiedPrimaryPhone()
    {
        var r = UserMapper.Map(new ClerkUser
        {
            Id = "user_p",
            PrimaryPhoneNumberId = "idn_2",
            PhoneNumbers =
            [
                new ClerkPhoneNumber { Id = "idn_1", PhoneNumber = "+15550001", Verification = Verified },
                new ClerkPhoneNumber { Id = "idn_2", PhoneNumber = "+15550002", Verification = Verified },
                new ClerkPhoneNumber { Id = "idn_3", PhoneNumber = "+15550003", Verification = Unverified },
            ],
        }, Now);

        Assert.Equal("+15550002", Trait(r).Login);
        Assert.Equal("+15550002", r.Profile.Fields["phone_number"].StringValue);
        Assert.Empty(Trait(r).Emails);
    }

    [Fact]
    public void Map_UnverifiedPhoneAndWallet_FallsBackToVerifiedWalletThenId()
    {
        var wallet = UserMapper.Map(new ClerkUser
        {
            Id = "user_w",
            PhoneNumbers = [new ClerkPhoneNumber { Id = "p", PhoneNumber = "+1555", Verification = Unverified }],
            Web3Wallets = [new ClerkWeb3Wallet { Id = "w", Web3Wallet = "0xabc", Verification = Verified }],
        }, Now);
        var bare = UserMapper.Map(new ClerkUser
        {
            Id = "user_b",
            Web3Wallets = [new ClerkWeb3Wallet { Id = "w", Web3Wallet = "0xdef", Verification = Unverified }],
        }, Now);

        Assert.Equal("0xabc", Trait(wallet).Login);
        Assert.Equal("user_b", Trait(bare).Login);
    }

    [Fact]
    public void Map_ActiveSamlOrEnterpriseAccount_SetsSsoStatus()
    {
        var saml = UserMapper.Map(Full() with { SamlAccounts = [new ClerkSsoAccount { Provider = "saml_okta", Active = true }] }, Now);
        var enterprise = UserMapper.Map(Full() with { EnterpriseAccounts = [new ClerkSsoAccount { Protocol = "oidc", Provider = "oidc_custom", Active = true }] }, Now);
        var inactive = UserMapper.Map(Full() with { SamlAccounts = [new ClerkSsoAccount { Provider = "saml_okta", Active = false }] }, Now);

        Assert.True(Trait(saml).SsoStatus.SsoEnabled);
        Assert.Equal("saml_okta", saml.Profile.Fields["sso_providers"].ListValue.Values.Single().StringValue);
        Assert.True(Trait(enterprise).SsoStatus.SsoEnabled);
        Assert.False(Trait(inactive).SsoStatus.SsoEnabled);
    }

    [Fact]
    public void Map_ActivityFields_GoIntoTheProfile()
    {
        var r = UserMapper.Map(Full() with { LastActiveAt = 1_700_000_900_000, PasswordEnabled = true, UpdatedAt = 1_700_000_000_999 }, Now);

        Assert.Equal(1_700_000_900_000, r.Profile.Fields["last_active_at"].NumberValue);
        Assert.Equal(1_700_000_500_000, r.Profile.Fields["last_sign_in_at"].NumberValue);
        Assert.True(r.Profile.Fields["password_enabled"].BoolValue);
        Assert.True(r.Profile.Fields["two_factor_enabled"].BoolValue);
    }

    [Fact]
    public void Map_FromClerkJson_NoPrivateOrUnsafeMarkerReachesTheResource()
    {
        const string json = """
            [{"id":"user_m","object":"user","username":"m","primary_email_address_id":"e1",
              "email_addresses":[{"id":"e1","object":"email_address","email_address":"m@x.example","reserved":false,
                 "verification":{"object":"verification_admin","status":"verified","strategy":"admin","nonce":"NONCE-MARKER"},
                 "linked_to":[]}],
              "public_metadata":{"team":"ok"},
              "private_metadata":{"secret":"PRIVATE-MARKER-1"},
              "unsafe_metadata":{"note":"UNSAFE-MARKER-1"},
              "saml_accounts":[{"id":"s","object":"saml_account","provider":"saml_okta","active":true,"email_address":"m@x.example",
                 "public_metadata":{"idp":"SAML-META-MARKER"}}],
              "enterprise_accounts":[], "external_accounts":[{"provider":"oauth_google","public_metadata":{"x":"OAUTH-META-MARKER"}}],
              "phone_numbers":[], "web3_wallets":[],
              "banned":false,"locked":false,"deprovisioned":false,"lockout_expires_in_seconds":null,
              "created_at":1,"updated_at":2}]
            """;
        var users = JsonSerializer.Deserialize(json, ClerkJsonContext.Default.ListClerkUser)!;

        var bytes = UserMapper.Map(users[0], Now).ToByteString().ToStringUtf8();

        Assert.Contains("ok", bytes, StringComparison.Ordinal);
        foreach (var marker in new[] { "PRIVATE-MARKER", "UNSAFE-MARKER", "SAML-META-MARKER", "OAUTH-META-MARKER", "NONCE-MARKER" })
        {
            Assert.DoesNotContain(marker, bytes, StringComparison.Ordinal);
        }
    }
}
