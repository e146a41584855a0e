using System.Text;
using System.Text.Json;
using BatonClerk.Engine.C1z;
using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Clerk.Models;
using BatonClerk.Engine.Clerk.Reading;
using BatonClerk.Engine.Mapping;
using BatonClerk.Simulator;

namespace BatonClerk.Engine.Tests.Clerk.Reading;

/// <summary>
/// The fast reader answers only for bodies the general parser reads the same way: every user it reads must encode to
/// the general parser's row bytes, and a body the general parser refuses must never be taken.
/// </summary>
public sealed class ClerkUserReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TryReadList_EverySimulatedPage_TakesItAndEncodesAsTheGeneralParser()
    {
        using var sim = ClerkSimulator.Start(new SimulatorOptions { DatasetOptions = new SimDatasetOptions { Users = 1500, Organizations = 20, Seed = 11 } });
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("Authorization", "Bearer " + sim.SecretKey);
        var read = 0;
        for (var offset = 0; offset < 1500; offset += 500)
        {
            var page = await http.GetByteArrayAsync($"{sim.BaseUrl}/users?limit=500&offset={offset}");
            Assert.True(ClerkUserReader.TryReadList(page, out var fast), "the fast reader refused a simulator page");
            AssertSameRows(JsonSerializer.Deserialize(page, ClerkJsonContext.Default.ListClerkUser)!, fast);
            read += fast.Count;
        }

        Assert.Equal(1500, read);
    }

    [Theory]
    [InlineData("""[]""")]
    [InlineData("""[{"id":"user_1","created_at":0}]""")]
    // Every nullable property null, unknown properties of every kind, a repeated property (the last one counts).
    [InlineData("""[{"id":"user_2","object":"user","created_at":7,"external_id":null,"username":null,"first_name":null,"last_name":null,"primary_email_address_id":null,"email_addresses":null,"phone_numbers":null,"web3_wallets":null,"saml_accounts":null,"enterprise_accounts":null,"external_accounts":null,"password_enabled":null,"totp_enabled":null,"backup_code_enabled":null,"legal_accepted_at":null,"updated_at":null,"last_sign_in_at":null,"last_active_at":null,"lockout_expires_in_seconds":null,"image_url":null,"public_metadata":null,"passkeys":[{"id":"p","x":[1,{"y":null}]}],"private_metadata":{"secret":"s"},"banned":false,"banned":true}]""")]
    [InlineData("""[{"id":"user_3","created_at":1,"primary_email_address_id":"e2","email_addresses":[{"id":"e1","email_address":"a@x.example","verification":{"status":"verified","attempts":null,"strategy":"email_code"}},{"id":"e2","email_address":"b@x.example","reserved":false,"verification":{"status":"verified"}},{"id":"e3","email_address":"c@x.example","verification":{"status":"unverified"}},{"id":"e4","email_address":"d@x.example","reserved":true,"verification":{"status":"verified"}},{"id":"e5","email_address":"e@x.example","verification":null},{"id":"e6","email_address":"f@x.example"}],"username":"a@x.example"}]""")]
    [InlineData("""[{"id":"user_4","created_at":1,"phone_numbers":[{"id":"p1","phone_number":"+15550001","verification":{"status":"verified"}}],"primary_phone_number_id":"p1","web3_wallets":[{"id":"w1","web3_wallet":"0xabc","verification":{"status":"verified"}}],"saml_accounts":[{"provider":"okta","active":true,"email_address":"x@y.example","last_authenticated_at":5},{"protocol":"saml","active":true},{"provider":"off","active":false}],"enterprise_accounts":[{"active":true,"public_metadata":{"idp":"secret"}}],"external_accounts":[{"provider":"oauth_google"},{"provider":"oauth_github"},{"provider":null}]}]""")]
    [InlineData("""[{"id":"user_5","created_at":1,"locked":true,"lockout_expires_in_seconds":1800,"two_factor_enabled":true,"deprovisioned":true,"public_metadata":{"z":1.5,"a":[1,"two",null,true,{"k":"v"}],"m":{"":"e","dup":1,"dup":2}}}]""")]
    [InlineData("""[{"id":"user_6","created_at":1,"public_metadata":[1,2]},{"id":"user_7","created_at":2,"public_metadata":"text"},{"id":"user_8","created_at":3,"public_metadata":{}}]""")]
    // Escaped and non-ASCII text in values is unescaped as the general parser does.
    [InlineData("""[{"id":"user_\u0039","created_at":1,"first_name":"Zo\u00eb \"Q\" 名前 😀","last_name":"a\\b","username":"\u00fcser"}]""")]
    [InlineData(" \n [ {\"id\" : \"user_10\" , \"created_at\" : 1 } ] \n ")]
    public void TryReadList_BodiesItHandles_TakesThemAsTheGeneralParser(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        Assert.True(ClerkUserReader.TryReadList(bytes, out var fast), "the fast reader refused a body it handles");
        AssertSameRows(JsonSerializer.Deserialize(bytes, ClerkJsonContext.Default.ListClerkUser)!, fast);
    }

    [Theory]
    // The general parser refuses these: the fast reader must not take them.
    [InlineData("""[{"created_at":1}]""")]
    [InlineData("""[{"id":null,"created_at":1}]""")]
    [InlineData("""[{"id":5,"created_at":1}]""")]
    [InlineData("""[{"id":"u","created_at":null}]""")]
    [InlineData("""[{"id":"u","created_at":1.5}]""")]
    [InlineData("""[{"id":"u","created_at":"1"}]""")]
    [InlineData("""[{"id":"u","created_at":1,"banned":null}]""")]
    [InlineData("""[{"id":"u","created_at":1,"banned":"false"}]""")]
    [InlineData("""[{"id":"u","created_at":1,"updated_at":99999999999999999999}]""")]
    [InlineData("""[{"id":"u","created_at":1,"image_url":5}]""")]
    [InlineData("""[{"id":"u","created_at":1,"email_addresses":{}}]""")]
    [InlineData("""[{"id":"u","created_at":1,"email_addresses":[{"verification":{"status":1}}]}]""")]
    [InlineData("""[{"id":"u","created_at":1,"saml_accounts":[{"active":null}]}]""")]
    [InlineData("""[{"id":"u","created_at":1,"saml_accounts":[{"active":true,"email_address":[]}]}]""")]
    [InlineData("""[{"id":"u","created_at":1}] x""")]
    [InlineData("""[{"id":"u","created_at":1}""")]
    [InlineData("""[{"id":"u","created_at":1,}]""")]
    [InlineData("""{"data":[]}""")]
    [InlineData("""null""")]
    [InlineData("")]
    // Taken by the general parser in its own way (an escaped name, a null item): left to it.
    [InlineData("""[{"\u0069d":"u","created_at":1}]""")]
    [InlineData("""[null]""")]
    [InlineData("""[{"id":"u","created_at":1,"email_addresses":[null]}]""")]
    public void TryReadList_BodiesItDoesNotHandle_LeavesThemToTheGeneralParser(string json)
    {
        Assert.False(ClerkUserReader.TryReadList(Encoding.UTF8.GetBytes(json), out _));
    }

    [Fact]
    public void TryReadList_InvalidUtf8InAnUnreadString_LeavesItToTheGeneralParser()
    {
        // A lead byte without its continuation, in a string the mapping never reads.
        byte[] bytes = [.. "[{\"id\":\"u\",\"created_at\":1,\"image_url\":\"a"u8, 0xC3, .. "b\"}]"u8];
        Assert.False(ClerkUserReader.TryReadList(bytes, out _));
        Assert.ThrowsAny<Exception>(() => JsonSerializer.Deserialize(bytes, ClerkJsonContext.Default.ListClerkUser));
    }

    [Fact]
    public void TryReadList_RepeatedProviders_ShareOneString()
    {
        var json = """[{"id":"a","created_at":1,"external_accounts":[{"provider":"oauth_google"}]},{"id":"b","created_at":1,"external_accounts":[{"provider":"oauth_google"}]}]""";
        Assert.True(ClerkUserReader.TryReadList(Encoding.UTF8.GetBytes(json), out var users));
        Assert.Same(users[0].ExternalAccounts![0].Provider, users[1].ExternalAccounts![0].Provider);
        Assert.Equal("oauth_google", users[1].ExternalAccounts![0].Provider);
    }

    private static void AssertSameRows(List<ClerkUser> general, List<ClerkUser> fast)
    {
        Assert.Equal(general.Count, fast.Count);
        using var expected = new ProtoWriter();
        using var actual = new ProtoWriter();
        for (var i = 0; i < general.Count; i++)
        {
            UserRowEncoder.Encode(general[i], Now, expected);
            UserRowEncoder.Encode(fast[i], Now, actual);
            Assert.Equal(Convert.ToHexString(expected.Written), Convert.ToHexString(actual.Written));
            // What the row does not show but a sync reads: the id its pages are checked by.
            Assert.Equal(general[i].Id, fast[i].Id);
            Assert.Equal(general[i].CreatedAt, fast[i].CreatedAt);
        }
    }
}
