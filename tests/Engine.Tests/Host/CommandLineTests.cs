using System.Text.Json;
using BatonClerk.Engine.Tests.Support;

namespace BatonClerk.Engine.Tests.Host;

public sealed class CommandLineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("baton-clerk-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static void AssertOneLineError(HostProcess.Result r, string fragment)
    {
        var lines = r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(fragment, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NoSecretKey_IsAUsageError()
    {
        var r = await HostProcess.RunAsync([], workingDirectory: _dir);
        Assert.Equal(2, r.ExitCode);
        AssertOneLineError(r, "--secret-key");
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public async Task Run_MalformedSecretKey_IsAUsageErrorThatDoesNotEchoIt()
    {
        var r = await HostProcess.RunAsync(["--secret-key", "pk_live_notasecret123"], workingDirectory: _dir);
        Assert.Equal(2, r.ExitCode);
        AssertOneLineError(r, "sk_live_ or sk_test_");
        Assert.DoesNotContain("notasecret123", r.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--clerk-api-url", "http://clerk.example.com/v1", "loopback")]
    [InlineData("--rate-limit-share", "1.5", "rate-limit-share")]
    [InlineData("--requests-per-second", "abc", "--requests-per-second")]
    [InlineData("--sync-resource-types", "user,widget", "widget")]
    [InlineData("--membership-strategy", "sometimes", "--membership-strategy")]
    [InlineData("--parallelism", "0", "--parallelism")]
    [InlineData("--file", "/nonexistent-dir/out.c1z", "does not exist")]
    [InlineData("--log-level", "loud", "--log-level")]
    public async Task Run_InvalidValue_IsAUsageErrorNamingIt(string flag, string value, string fragment)
    {
        var r = await HostProcess.RunAsync(["--secret-key", "sk_test_abcdef", flag, value], workingDirectory: _dir);
        Assert.Equal(2, r.ExitCode);
        AssertOneLineError(r, fragment);
        Assert.DoesNotContain("sk_test_abcdef", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_FileIsADirectory_IsAUsageError()
    {
        var r = await HostProcess.RunAsync(["--secret-key", "sk_test_abcdef", "-f", _dir]);
        Assert.Equal(2, r.ExitCode);
        AssertOneLineError(r, "is a directory");
    }

    [Fact]
    public async Task Run_EnvironmentVariables_AreReadAndFlagsWin()
    {
        // The environment's bad share would be a usage error; the flag overrides it, so the error is the URL's.
        var env = new Dictionary<string, string> { ["BATON_SECRET_KEY"] = "sk_test_fromenv", ["BATON_RATE_LIMIT_SHARE"] = "7" };
        var fromEnv = await HostProcess.RunAsync([], env, _dir);
        AssertOneLineError(fromEnv, "rate-limit-share");

        var flagWins = await HostProcess.RunAsync(["--rate-limit-share", "0.5", "--clerk-api-url", "http://10.1.2.3/v1"], env, _dir);
        Assert.Equal(2, flagWins.ExitCode);
        AssertOneLineError(flagWins, "loopback");
    }

    [Fact]
    public async Task Capabilities_PrintsSyncOnlyOptInResourceTypesSortedById()
    {
        var r = await HostProcess.RunAsync(["capabilities"]);
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.StdOut);
        Assert.Equal("type.googleapis.com/c1.connector.v2.ConnectorCapabilities", json.RootElement.GetProperty("@type").GetString());
        var types = json.RootElement.GetProperty("resourceTypeCapabilities").EnumerateArray().ToList();
        Assert.Equal(["organization", "permission", "role", "user"], types.Select(t => t.GetProperty("resourceType").GetProperty("id").GetString()));
        Assert.All(types, t => Assert.True(t.GetProperty("optInRequired").GetBoolean()));
        Assert.All(types, t => Assert.Equal("CAPABILITY_SYNC", Assert.Single(t.GetProperty("capabilities").EnumerateArray()).GetString()));
        // baton-sdk's layout: Go's json.Indent with two spaces, no newline after the closing brace.
        Assert.StartsWith("{\n  \"@type\": \"type.googleapis.com/c1.connector.v2.ConnectorCapabilities\",\n  \"resourceTypeCapabilities\": [\n    {\n", r.StdOut, StringComparison.Ordinal);
        Assert.EndsWith("\n}", r.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_PrintsTheExportedSettingsInTheSdkConfigurationShape()
    {
        var r = await HostProcess.RunAsync(["config"]);
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.StdOut);
        Assert.Equal("Clerk", json.RootElement.GetProperty("displayName").GetString());
        var fields = json.RootElement.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f);
        Assert.True(fields["secret-key"].GetProperty("isRequired").GetBoolean());
        Assert.True(fields["secret-key"].GetProperty("isSecret").GetBoolean());
        Assert.Equal(JsonValueKind.Object, fields["secret-key"].GetProperty("stringField").ValueKind);
        // protojson: int64 values are strings; a field of ops carries isOps.
        Assert.Equal("8081", fields["health-check-port"].GetProperty("intField").GetProperty("defaultValue").GetString());
        Assert.True(fields["health-check"].GetProperty("isOps").GetBoolean());
        Assert.Equal("1800", fields["http-timeout-seconds"].GetProperty("intField").GetProperty("rules").GetProperty("lte").GetString());
        Assert.Contains("membership-strategy", fields.Keys);
        Assert.DoesNotContain("file", fields.Keys);
        Assert.Contains("\n    {\n      \"name\": \"health-check-port\",\n", r.StdOut, StringComparison.Ordinal);
        Assert.EndsWith("\n}", r.StdOut, StringComparison.Ordinal);
    }
}
