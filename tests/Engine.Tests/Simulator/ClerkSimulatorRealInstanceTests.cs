using System.Net.Http.Headers;
using System.Text.Json;
using BatonClerk.Simulator;

namespace BatonClerk.Engine.Tests.Simulator;

/// <summary>The simulator's real-instance shapes and modes (reference §11).</summary>
public sealed class ClerkSimulatorRealInstanceTests : IDisposable
{
    private readonly ClerkSimulator _sim = ClerkSimulator.Start(new SimulatorOptions
    {
        DatasetOptions = new SimDatasetOptions { Users = 400, Organizations = 8, Seed = 21, MembershipsWithoutUserEvery = 5 },
    });

    private readonly HttpClient _http = new();

    public void Dispose()
    {
        _http.Dispose();
        _sim.Dispose();
    }

    [Theory]
    [InlineData("/organizations")]
    [InlineData("/organization_memberships")]
    [InlineData("/organization_roles")]
    [InlineData("/organization_permissions")]
    [InlineData("/role_sets")]
    public async Task Get_OrganizationsDisabled_Answers403NotEnabled(string path)
    {
        _sim.OrganizationsDisabled = true;

        var (status, body) = await GetAsync(path + "?limit=10");

        Assert.Equal(403, status);
        Assert.Equal("organization_not_enabled_in_instance", body.GetProperty("errors")[0].GetProperty("code").GetString());
        var (usersStatus, _) = await GetAsync("/users?limit=1");
        Assert.Equal(200, usersStatus);
    }

    [Fact]
    public async Task GetUsers_IgnoreCreatedAtFilters_ReturnsRowsOutsideTheRange()
    {
        var after = _sim.Dataset.Users[200].CreatedAt;
        var (_, honoured) = await GetAsync($"/users?limit=5&order_by=%2Bcreated_at&created_at_after={after}");
        _sim.IgnoreCreatedAtFilters = true;
        var (_, ignored) = await GetAsync($"/users?limit=5&order_by=%2Bcreated_at&created_at_after={after}");

        Assert.All(honoured.EnumerateArray(), u => Assert.True(u.GetProperty("created_at").GetInt64() > after));
        Assert.Equal(_sim.Dataset.Users[0].Id, ignored[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task GetUsers_RejectDeletedCursor_Answers422ForAVanishedCursor()
    {
        var victim = _sim.Dataset.Users[10].Id;
        Assert.True(_sim.Dataset.RemoveUser(victim));
        var (kept, _) = await GetAsync($"/users?limit=5&order_by=%2Bcreated_at&starting_after={victim}");
        _sim.RejectDeletedCursor = true;

        var (status, body) = await GetAsync($"/users?limit=5&order_by=%2Bcreated_at&starting_after={victim}");

        Assert.Equal(200, kept);
        Assert.Equal(422, status);
        Assert.Equal("starting_after", body.GetProperty("errors")[0].GetProperty("meta").GetProperty("param_name").GetString());
    }

    [Fact]
    public async Task GetRoleSets_ListsDefaultAndBasicSetsThatOrganizationsName()
    {
        var (status, body) = await GetAsync("/role_sets?limit=10&order_by=%2Bcreated_at");
        var (_, orgs) = await GetAsync("/organizations?limit=10");

        Assert.Equal(200, status);
        var keys = body.GetProperty("data").EnumerateArray().Select(s => s.GetProperty("key").GetString()).ToList();
        Assert.Equal([SimRoleSets.DefaultKey, SimRoleSets.BasicKey], keys);
        Assert.Equal(2, body.GetProperty("data")[1].GetProperty("roles").GetArrayLength());
        Assert.Equal("org:member", body.GetProperty("data")[1].GetProperty("default_role").GetProperty("key").GetString());
        Assert.Contains(orgs.GetProperty("data").EnumerateArray(), o => o.GetProperty("role_set_key").GetString() == SimRoleSets.BasicKey);
    }

    [Fact]
    public async Task GetUsers_Dataset_HoldsEveryRealInstanceShape()
    {
        var (_, users) = await GetAsync("/users?limit=400");
        var all = users.EnumerateArray().ToList();

        Assert.Contains(all, u => u.GetProperty("deprovisioned").GetBoolean());
        Assert.Contains(all, u => u.GetProperty("locked").GetBoolean() && u.GetProperty("lockout_expires_in_seconds").ValueKind == JsonValueKind.Number);
        Assert.Contains(all, u => u.GetProperty("email_addresses").EnumerateArray().Any(e => e.GetProperty("verification").GetProperty("status").GetString() == "unverified"));
        Assert.Contains(all, u => u.GetProperty("email_addresses").EnumerateArray().Any(e => e.GetProperty("reserved").GetBoolean()));
        Assert.Contains(all, u => u.GetProperty("email_addresses").GetArrayLength() == 0 && u.GetProperty("username").ValueKind == JsonValueKind.Null && u.GetProperty("phone_numbers").GetArrayLength() == 1);
        Assert.Contains(all, u => u.GetProperty("web3_wallets").GetArrayLength() == 1);
        Assert.Contains(all, u => u.GetProperty("saml_accounts").GetArrayLength() == 1);
        Assert.Contains(all, u => u.GetProperty("enterprise_accounts").GetArrayLength() == 1);
        var (_, memberships) = await GetAsync("/organization_memberships?limit=100");
        Assert.Contains(memberships.GetProperty("data").EnumerateArray(), m => !m.TryGetProperty("public_user_data", out _));
        var (_, permissions) = await GetAsync("/organization_permissions?limit=100");
        Assert.Equal(["system", "user"], permissions.GetProperty("data").EnumerateArray().Select(p => p.GetProperty("type").GetString()).Distinct().Order());
    }

    private async Task<(int Status, JsonElement Body)> GetAsync(string pathAndQuery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _sim.BaseUrl + pathAndQuery);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _sim.SecretKey);
        using var response = await _http.SendAsync(request);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return ((int)response.StatusCode, doc.RootElement.Clone());
    }
}
