using System.Text;
using System.Text.Json;
using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Clerk.Models;
using BatonClerk.Engine.Clerk.Reading;
using BatonClerk.Simulator;

namespace BatonClerk.Engine.Tests.Clerk.Reading;

/// <summary>
/// The memberships' fast reader keeps what the mapping reads exactly as the general parser gives it, and never takes a
/// body the general parser refuses.
/// </summary>
public sealed class ClerkMembershipReaderTests
{
    [Theory]
    [InlineData("/organization_memberships")]
    [InlineData("/organizations/{org}/memberships")]
    public async Task TryReadPage_EverySimulatedPage_TakesItAsTheGeneralParser(string path)
    {
        using var sim = ClerkSimulator.Start(new SimulatorOptions { DatasetOptions = new SimDatasetOptions { Users = 600, Organizations = 8, Seed = 5 } });
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("Authorization", "Bearer " + sim.SecretKey);
        var scopes = path.Contains("{org}", StringComparison.Ordinal)
            ? sim.Dataset.Organizations.Select(o => path.Replace("{org}", o.Id, StringComparison.Ordinal)).ToList()
            : [path];
        var read = 0;
        foreach (var scope in scopes)
        {
            for (var offset = 0; ; offset += 100)
            {
                var body = await http.GetByteArrayAsync($"{sim.BaseUrl}{scope}?limit=100&offset={offset}");
                Assert.True(ClerkMembershipReader.TryReadPage(body, out var fast), "the fast reader refused a simulator page");
                AssertSame(JsonSerializer.Deserialize(body, ClerkJsonContext.Default.ClerkListResponseClerkMembership)!, fast);
                read += fast.Data!.Count;
                if (fast.Data.Count < 100)
                {
                    break;
                }
            }
        }

        Assert.Equal(sim.Dataset.Memberships.Count, read);
    }

    [Theory]
    [InlineData("""{"data":[],"total_count":0}""")]
    [InlineData("""{"total_count":3}""")]
    [InlineData("""{"data":null,"total_count":null}""")]
    [InlineData("""{"object":"list","data":[{"id":"m1","created_at":1}]}""")]
    // The embedded organization's other properties, null or present, and unknown ones anywhere.
    [InlineData("""{"data":[{"object":"organization_membership","id":"m2","role":"org:admin","role_name":"Admin","permissions":["org:a","org:b"],"public_metadata":{},"organization":{"object":"organization","id":"org_1","name":"N","slug":null,"image_url":"u","has_image":false,"members_count":3,"max_allowed_memberships":null,"role_set_key":"rs","admin_delete_enabled":true,"public_metadata":{"deep":[{"x":[]}]},"created_at":1,"updated_at":null},"public_user_data":{"user_id":"user_1","first_name":null,"identifier":"a@b.example","has_image":false,"banned":true},"created_at":2,"updated_at":3}],"total_count":1}""")]
    [InlineData("""{"data":[{"id":"m3","role":null,"role_name":null,"organization":null,"public_user_data":null,"created_at":1,"updated_at":null}]}""")]
    [InlineData("""{"data":[{"id":"m4","role":"org:member","organization":{"id":"org_\u0031"},"public_user_data":{"user_id":null},"created_at":1},{"id":"m5","role":"org:member","organization":{"id":"org_1"},"public_user_data":{},"created_at":1}]}""")]
    [InlineData("""{"data":[{"id":"m6","role":"org:x","role":"org:y","created_at":1}],"total_count":-9007199254740991}""")]
    public void TryReadPage_BodiesItHandles_TakesThemAsTheGeneralParser(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        Assert.True(ClerkMembershipReader.TryReadPage(bytes, out var fast), "the fast reader refused a body it handles");
        AssertSame(JsonSerializer.Deserialize(bytes, ClerkJsonContext.Default.ClerkListResponseClerkMembership)!, fast);
    }

    [Theory]
    [InlineData("""{"data":[{"created_at":1}]}""")]
    [InlineData("""{"data":[{"id":"m","created_at":null}]}""")]
    [InlineData("""{"data":[{"id":"m","created_at":1,"organization":{"name":"no id","created_at":1}}]}""")]
    [InlineData("""{"data":[{"id":"m","created_at":1,"organization":{"id":"o","created_at":null}}]}""")]
    [InlineData("""{"data":[{"id":"m","created_at":1,"organization":{"id":"o","members_count":1.5}}]}""")]
    [InlineData("""{"data":[{"id":"m","created_at":1,"organization":{"id":"o","members_count":4294967296}}]}""")]
    [InlineData("""{"data":[{"id":"m","created_at":1,"organization":{"id":"o","slug":7}}]}""")]
    [InlineData("""{"data":[{"id":"m","created_at":1,"organization":"o"}]}""")]
    [InlineData("""{"data":[{"id":"m","created_at":1,"public_user_data":{"identifier":false}}]}""")]
    [InlineData("""{"data":[{"id":"m","created_at":1,"role":5}]}""")]
    [InlineData("""{"data":{},"total_count":1}""")]
    [InlineData("""{"data":[],"total_count":"1"}""")]
    [InlineData("""{"data":[]} {}""")]
    [InlineData("""{"data":[""")]
    [InlineData("""[]""")]
    [InlineData("""null""")]
    // Taken by the general parser in its own way: left to it.
    [InlineData("""{"d\u0061ta":[]}""")]
    [InlineData("""{"data":[null]}""")]
    public void TryReadPage_BodiesItDoesNotHandle_LeavesThemToTheGeneralParser(string json)
    {
        Assert.False(ClerkMembershipReader.TryReadPage(Encoding.UTF8.GetBytes(json), out _));
    }

    [Fact]
    public void TryReadPage_RepeatedRoleKeys_ShareOneString()
    {
        var json = """{"data":[{"id":"a","role":"org:member","created_at":1},{"id":"b","role":"org:member","created_at":1}]}""";
        Assert.True(ClerkMembershipReader.TryReadPage(Encoding.UTF8.GetBytes(json), out var page));
        Assert.Same(page.Data![0].Role, page.Data[1].Role);
    }

    // Everything the sync reads of a membership (MembershipMapper, the page's counts and the warnings).
    private static void AssertSame(ClerkListResponse<ClerkMembership> general, ClerkListResponse<ClerkMembership> fast)
    {
        Assert.Equal(general.TotalCount, fast.TotalCount);
        Assert.Equal(general.Data is null, fast.Data is null);
        Assert.Equal(View(general), View(fast));
    }

    private static List<string> View(ClerkListResponse<ClerkMembership> page) =>
        [.. (page.Data ?? []).Select(m => string.Join("|", m.Id, m.Role ?? "<null>", m.RoleName ?? "<null>",
            m.Organization is null ? "<no org>" : m.Organization.Id, m.PublicUserData is null ? "<no data>" : m.PublicUserData.UserId ?? "<null>",
            m.CreatedAt, m.UpdatedAt?.ToString() ?? "<null>"))];
}
