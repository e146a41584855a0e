using System.Text.Json;
using BatonClerk.Engine.Baton;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.Clerk.Models;
using BatonClerk.Engine.Mapping;

namespace BatonClerk.Engine.Tests.Mapping;

public sealed partial class UserMapperTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ClerkVerification Verified = new() { Status = "verified" };

    private static ClerkUser Full() => new()
    {
        Id = "user_1",
        FirstName = "Zoë",
        LastName = "Ødegaard",
        Username = "zoe",
        PrimaryEmailAddressId = "idn_b",
        EmailAddresses =
        [
            new ClerkEmailAddress { Id = "idn_a", EmailAddress = "old@example.com", Verification = Verified },
            new ClerkEmailAddress { Id = "idn_b", EmailAddress = "zoe@example.com", Verification = Verified },
        ],
        TwoFactorEnabled = true,
        CreatedAt = 1_700_000_000_123,
        LastSignInAt = 1_700_000_500_000,
        PublicMetadata = JsonDocument.Parse("""{"team":"blue","n":2}""").RootElement,
    };

    private static UserTrait Trait(Resource r) => Annotations.Find<UserTrait>(r.Annotations)!;

    [Fact]
    public void Map_FullUser_FillsTraitAndResourceFields()
    {
        var r = UserMapper.Map(Full(), Now);
        var t = Trait(r);

        Assert.Equal("user", r.Id.ResourceType);
        Assert.Equal("user_1", r.Id.Resource);
        Assert.Equal("Zoë Ødegaard", r.DisplayName);
        Assert.Equal("zoe@example.com", t.Login);
        Assert.Equal(["zoe", "old@example.com"], t.LoginAliases);
        Assert.Equal(2, t.Emails.Count);
        Assert.True(t.Emails.Single(e => e.Address == "zoe@example.com").IsPrimary);
        Assert.False(t.Emails.Single(e => e.Address == "old@example.com").IsPrimary);
        Assert.Equal(UserTrait.Types.Status.Types.Status.Enabled, t.Status.Status_);
        Assert.Equal(UserTrait.Types.AccountType.Human, t.AccountType);
        Assert.True(t.MfaStatus.MfaEnabled);
        Assert.Equal("Zoë", t.StructuredName.GivenName);
        Assert.Equal("Ødegaard", t.StructuredName.FamilyName);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123), t.CreatedAt.ToDateTimeOffset());
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_500_000), t.LastLogin.ToDateTimeOffset());
        Assert.Equal(Status.Types.ResourceStatus.Enabled, r.Status.Status_);
        Assert.Equal(t.CreatedAt, r.CreatedAt);
        Assert.Equal("blue", r.Profile.Fields["public_metadata"].StructValue.Fields["team"].StringValue);
        Assert.Equal(r.Profile, t.Profile);
    }

    [Fact]
    public void Map_ProfileKeys_AreSortedForStableBytes()
    {
        var keys = UserMapper.Map(Full(), Now).Profile.Fields.Keys.ToList();
        Assert.Equal(keys.OrderBy(k => k, StringComparer.Ordinal), keys);
    }

    [Theory]
    [InlineData(true, false, "banned")]
    [InlineData(false, true, "locked (no expiry)")]
    [InlineData(true, true, "banned, locked (no expiry)")]
    public void Map_BannedOrLocked_IsDisabledWithDetails(bool banned, bool locked, string details)
    {
        var r = UserMapper.Map(Full() with { Banned = banned, Locked = locked }, Now);
        Assert.Equal(Status.Types.ResourceStatus.Disabled, r.Status.Status_);
        Assert.Equal(details, r.Status.Details);
        Assert.Equal(UserTrait.Types.Status.Types.Status.Disabled, Trait(r).Status.Status_);
        Assert.Equal(details, Trait(r).Status.Details);
    }

    [Fact]
    public void Map_UsernameOnly_UsesUsernameForLoginAndName()
    {
        var r = UserMapper.Map(new ClerkUser { Id = "user_2", Username = "just_a_name" }, Now);
        Assert.Equal("just_a_name", r.DisplayName);
        Assert.Equal("just_a_name", Trait(r).Login);
        Assert.Empty(Trait(r).LoginAliases);
        Assert.Empty(Trait(r).Emails);
    }

    [Fact]
    public void Map_NoNameNoUsername_UsesPrimaryEmailThenId()
    {
        var withEmail = UserMapper.Map(new ClerkUser
        {
            Id = "user_3",
            PrimaryEmailAddressId = "e1",
            EmailAddresses = [new ClerkEmailAddress { Id = "e1", EmailAddress = "a@b.c", Verification = Verified }],
        }, Now);
        Assert.Equal("a@b.c", withEmail.DisplayName);
        var bare = UserMapper.Map(new ClerkUser { Id = "user_4", FirstName = "  " }, Now);
        Assert.Equal("user_4", bare.DisplayName);
        Assert.Equal("user_4", Trait(bare).Login);
        Assert.Null(bare.CreatedAt);
    }

    [Fact]
    public void Map_Resource_CarriesExactlyOneUserTraitAnnotation()
    {
        var r = UserMapper.Map(Full(), Now);
        Assert.Single(r.Annotations);
        Assert.Equal("type.googleapis.com/c1.connector.v2.UserTrait", r.Annotations[0].TypeUrl);
    }
}
