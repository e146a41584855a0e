using System.Text.Json;
using BatonClerk.Engine.C1z;
using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Clerk.Models;
using BatonClerk.Engine.Mapping;
using BatonClerk.Simulator;
using Google.Protobuf;

namespace BatonClerk.Engine.Tests.Mapping;

/// <summary>The direct encoder must give the message path's bytes exactly: the c1z's rows are compared byte for byte.</summary>
public sealed class UserRowEncoderTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static void AssertSameBytes(ClerkUser user)
    {
        var expected = UserMapper.Map(user, Now).ToByteArray();
        using var writer = new ProtoWriter();
        UserRowEncoder.Encode(user, Now, writer);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(writer.Written));
    }

    private static ClerkUser Parse(string json) => JsonSerializer.Deserialize(json, ClerkJsonContext.Default.ClerkUser)!;

    [Fact]
    public async Task Encode_EverySimulatedUser_EqualsTheMessagePath()
    {
        using var sim = ClerkSimulator.Start(new SimulatorOptions { DatasetOptions = new SimDatasetOptions { Users = 1500, Organizations = 20, Seed = 7 } });
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("Authorization", "Bearer " + sim.SecretKey);
        var users = new List<ClerkUser>();
        for (var offset = 0; offset < 1500; offset += 500)
        {
            var page = await http.GetByteArrayAsync($"{sim.BaseUrl}/users?limit=500&offset={offset}");
            users.AddRange(JsonSerializer.Deserialize(page, ClerkJsonContext.Default.ListClerkUser)!);
        }

        Assert.Equal(1500, users.Count);
        foreach (var user in users)
        {
            AssertSameBytes(user);
        }
    }

    [Theory]
    // Nothing but the id and no creation time: every optional field left out.
    [InlineData("""{"id":"user_1","created_at":0}""")]
    [InlineData("""{"id":"user_2","created_at":1700000000123,"locked":true,"lockout_expires_in_seconds":1800,"banned":true,"deprovisioned":true,"two_factor_enabled":true,"password_enabled":false,"totp_enabled":true,"backup_code_enabled":false,"updated_at":1700000001000,"last_sign_in_at":1700000002000,"last_active_at":1700000000000,"legal_accepted_at":1600000000000}""")]
    [InlineData("""{"id":"user_3","created_at":5,"locked":true,"lockout_expires_in_seconds":null,"first_name":"  Ada ","last_name":"Lovelace","username":"ada"}""")]
    [InlineData("""{"id":"user_4","created_at":1,"primary_email_address_id":"e2","email_addresses":[{"id":"e1","email_address":"a@x.example","verification":{"status":"verified"}},{"id":"e2","email_address":"b@x.example","verification":{"status":"verified"}},{"id":"e3","email_address":"c@x.example","verification":{"status":"unverified"}},{"id":"e4","email_address":"d@x.example","reserved":true,"verification":{"status":"verified"}},{"id":"e5","email_address":"a@x.example","verification":{"status":"verified"}}],"username":"a@x.example"}""")]
    [InlineData("""{"id":"user_5","created_at":1,"phone_numbers":[{"id":"p1","phone_number":"+15550001","verification":{"status":"verified"}}],"primary_phone_number_id":"p1","web3_wallets":[{"id":"w1","web3_wallet":"0xabc","verification":{"status":"verified"}}],"saml_accounts":[{"provider":"okta","active":true},{"protocol":"saml","active":true},{"provider":"off","active":false}],"enterprise_accounts":[{"active":true}],"external_accounts":[{"provider":"oauth_google"},{"provider":"oauth_github"},{"provider":"oauth_google"}]}""")]
    // Metadata of every JSON kind, nested, with repeated and empty keys and text beyond one- and two-byte lengths.
    [InlineData("""{"id":"user_6","created_at":1,"public_metadata":{"z":1.5,"a":[1,"two",null,true,false,{"k":"v"},[]],"m":{"":"empty key","b":{},"n":null},"dup":1,"dup":2,"s":"","neg":-0.0,"big":12345678901234567890}}""")]
    [InlineData("""{"id":"user_7","created_at":1,"public_metadata":{}}""")]
    [InlineData("""{"id":"user_8","created_at":1,"public_metadata":[1,2]}""")]
    [InlineData("""{"id":"user_9","created_at":1,"first_name":"Zoë 名前 😀","external_id":"ext-ü"}""")]
    public void Encode_EdgeCases_EqualsTheMessagePath(string json) => AssertSameBytes(Parse(json));

    [Theory]
    [InlineData(100)]
    [InlineData(200)]
    [InlineData(20_000)]
    public void Encode_LongTextNeedingLongerLengths_EqualsTheMessagePath(int length)
    {
        var text = new string('x', length);
        AssertSameBytes(Parse($$$"""{"id":"user_long","created_at":1,"first_name":"{{{text}}}","public_metadata":{"note":"{{{text}}}"}}"""));
    }

    [Fact]
    public void Encode_WriterReusedAcrossUsers_EachRowStandsAlone()
    {
        using var writer = new ProtoWriter();
        UserRowEncoder.Encode(Parse($$"""{"id":"user_big","created_at":1,"first_name":"{{new string('y', 5000)}}"}"""), Now, writer);
        var small = Parse("""{"id":"user_small","created_at":1}""");

        UserRowEncoder.Encode(small, Now, writer);

        Assert.Equal(UserMapper.Map(small, Now).ToByteArray(), writer.Written.ToArray());
    }

    [Fact]
    public void Encode_TextThatIsNotUtf16_EqualsTheMessagePath()
    {
        // JSON cannot carry a lone surrogate into a parsed user, but a model built in code can: Google.Protobuf
        // writes U+FFFD for it, and so must the encoder.
        var user = Parse("""{"id":"user_s","created_at":1,"last_name":"Lovelace"}""");
        user.FirstName = "Ada\ud800";

        AssertSameBytes(user);
    }
}
