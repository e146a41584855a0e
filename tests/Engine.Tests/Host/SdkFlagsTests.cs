using BatonClerk.Engine.C1z;
using BatonClerk.Engine.Tests.Support;
using BatonClerk.Simulator;

namespace BatonClerk.Engine.Tests.Host;

/// <summary>baton-sdk's flags and configuration sources through the real executable.</summary>
public sealed class SdkFlagsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("baton-clerk-sdkflags-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static ClerkSimulator Simulator() => ClerkSimulator.Start(new SimulatorOptions
    {
        DatasetOptions = new SimDatasetOptions { Users = 120, Organizations = 6, Seed = 5 },
    });

    private Task<HostProcess.Result> Sync(ClerkSimulator sim, string file, params string[] extra) =>
        HostProcess.RunAsync(
            ["--clerk-api-url", sim.BaseUrl, "-f", file, "--requests-per-second", "1000", .. extra],
            new Dictionary<string, string> { ["BATON_SECRET_KEY"] = sim.SecretKey },
            _dir);

    private static string[] ErrorLines(HostProcess.Result r) =>
        r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task Run_SeveralInvalidValues_ReportsEachOnItsOwnLineBeforeAnyWork()
    {
        var r = await HostProcess.RunAsync(
            ["--secret-key", "sk_test_abcdef", "--parallelism", "0", "--log-level", "loud", "--sync-resource-types", "user,widget", "-f", Path.Combine(_dir, "x.c1z")],
            workingDirectory: _dir);

        Assert.Equal(2, r.ExitCode);
        var lines = ErrorLines(r);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("error: ", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("--parallelism", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("--log-level", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("widget", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public async Task Run_HttpTimeoutAboveTheMaximum_IsAUsageErrorOnOneLine()
    {
        var r = await HostProcess.RunAsync(["--secret-key", "sk_test_abcdef", "--http-timeout-seconds", "1801"], workingDirectory: _dir);

        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(ErrorLines(r));
        Assert.Equal("error: --http-timeout-seconds must be a whole number between 1 and 1800, got '1801'", line);
    }

    [Fact]
    public async Task Sync_HttpTimeoutAboveTenMinutes_IsAcceptedAndSyncs()
    {
        // Used to pass option validation and then fail every sync at start (the client allowed 10 minutes at most).
        using var sim = Simulator();
        var file = Path.Combine(_dir, "out.c1z");

        var r = await Sync(sim, file, "--http-timeout-seconds", "900");

        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.True(File.Exists(file));
    }

    [Fact]
    public async Task Run_FlagBatonSdkDoesNotHave_IsAUsageError()
    {
        var r = await HostProcess.RunAsync(["--secret-key", "sk_test_abcdef", "--no-such-flag", "1"], workingDirectory: _dir);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--no-such-flag", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_SdkFlagsItCannotHonour_WarnOnceEachAndSync()
    {
        using var sim = Simulator();
        var file = Path.Combine(_dir, "out.c1z");

        var r = await Sync(sim, file, "--workers", "4", "-p", "--task-concurrency", "2");

        Assert.True(r.ExitCode == 0, r.StdErr);

        // --task-concurrency is honoured in service mode; a one-shot sync has no task slots to size.
        Assert.DoesNotContain("--task-concurrency", r.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("--provisioning", r.StdErr, StringComparison.Ordinal);
        foreach (var flag in new[] { "--workers" })
        {
            Assert.Single(ErrorLines(r), l => l.Contains(flag + " is accepted but ignored", StringComparison.Ordinal));
        }

        C1zAssert.MatchesDataset(sim.Dataset, file);
    }

    [Fact]
    public async Task Sync_SkipEntitlementsAndGrants_WritesResourcesOnlyAndReadsNoMembership()
    {
        using var sim = Simulator();
        var file = Path.Combine(_dir, "out.c1z");

        var r = await Sync(sim, file, "--skip-entitlements-and-grants");

        Assert.True(r.ExitCode == 0, r.StdErr);
        using var reader = C1zReader.Open(file);
        Assert.Equal(sim.Dataset.Users.Count + sim.Dataset.Organizations.Count + sim.Dataset.Roles.Count + sim.Dataset.Permissions.Count,
            reader.Resources().Count);
        Assert.Empty(reader.Entitlements());
        Assert.Empty(reader.Grants());
        Assert.DoesNotContain(sim.RequestLog.Entries, e => e.Path.Contains("memberships", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sync_SyncResources_WritesOnlyTheNamedOrganizationWithItsGrantsAndTheNamedUser()
    {
        using var sim = Simulator();
        var fullFile = Path.Combine(_dir, "full.c1z");
        var partialFile = Path.Combine(_dir, "partial.c1z");
        var organization = sim.Dataset.Organizations.First(o => sim.Dataset.MembershipsOf(o.Id).Count > 0);
        var user = sim.Dataset.Users[^1];
        Assert.True((await Sync(sim, fullFile)).ExitCode == 0);
        sim.RequestLog.Clear();

        var r = await Sync(sim, partialFile, "--sync-resources", $"bid:r:organization/{organization.Id},bid:r:user/{user.Id}");

        Assert.True(r.ExitCode == 0, r.StdErr);
        using var full = C1zReader.Open(fullFile);
        using var partial = C1zReader.Open(partialFile);
        Assert.Equal([organization.Id], partial.Resources("organization").Select(x => x.Id.Resource));
        Assert.Equal([user.Id], partial.Resources("user").Select(x => x.Id.Resource));
        Assert.Empty(partial.Resources("role"));
        Assert.Equal(
            full.Entitlements().Where(e => e.Resource.Id.Resource == organization.Id).Select(e => e.Id).Order(),
            partial.Entitlements().Select(e => e.Id).Order());
        Assert.Equal(
            full.Grants().Where(g => g.Entitlement.Resource.Id.Resource == organization.Id).Select(g => g.Id).Order(),
            partial.Grants().Select(g => g.Id).Order());
        Assert.Equal(sim.Dataset.MembershipsOf(organization.Id).Count, partial.Grants().Count(g => g.Entitlement.Id.EndsWith(":member", StringComparison.Ordinal)));
        Assert.DoesNotContain(sim.RequestLog.Entries, e => e.Path is "/users" or "/organizations" or "/organization_memberships");
    }

    [Theory]
    [InlineData("full")]
    [InlineData("resources_only", "--skip-entitlements-and-grants")]
    [InlineData("partial", "--sync-resources", "bid:r:user/{user}")]
    public async Task Sync_SyncType_AndStepDurations_AreRecordedInTheSyncRun(string expectedType, params string[] flags)
    {
        using var sim = Simulator();
        var file = Path.Combine(_dir, "out.c1z");
        var user = sim.Dataset.Users[0].Id;

        var r = await Sync(sim, file, [.. flags.Select(f => f.Replace("{user}", user, StringComparison.Ordinal))]);

        Assert.True(r.ExitCode == 0, r.StdErr);
        var (type, stats) = SyncRunRow(file);
        Assert.Equal(expectedType, type);
        using var json = System.Text.Json.JsonDocument.Parse(stats!);
        var steps = json.RootElement.GetProperty("step_durations_ms");
        var expectedStep = expectedType == "partial" ? "targeted-resource-sync" : "list-resources";
        Assert.True(steps.TryGetProperty(expectedStep, out _), stats);
        Assert.Equal(expectedType == "full", steps.TryGetProperty("list-grants", out _));
    }

    private (string Type, string? Stats) SyncRunRow(string file)
    {
        var db = Path.Combine(_dir, "run.sqlite");
        BatonClerk.Engine.C1z.C1zEnvelope.Unpack(file, db);
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT sync_type, stats FROM v1_sync_runs";
        using var reader = cmd.ExecuteReader();
        Assert.True(reader.Read());
        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    [Fact]
    public async Task Sync_SyncResourcesRole_IsAUsageErrorBeforeAnyRequest()
    {
        using var sim = Simulator();
        var file = Path.Combine(_dir, "out.c1z");

        var r = await Sync(sim, file, "--sync-resources", "bid:r:role/role_1");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("a targeted sync takes organizations and users", r.StdErr, StringComparison.Ordinal);
        Assert.Equal(0, sim.RequestLog.Count);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task Sync_LogPath_WritesTheLogsToThatFileInsteadOfStderr()
    {
        using var sim = Simulator();
        var file = Path.Combine(_dir, "out.c1z");
        var log = Path.Combine(_dir, "clerk.log");

        var r = await Sync(sim, file, "--log-path", log, "--log-format", "json");

        Assert.True(r.ExitCode == 0, r.StdErr);
        var lines = await File.ReadAllLinesAsync(log);
        Assert.Contains(lines, l => l.StartsWith("{\"@t\"", StringComparison.Ordinal) && l.Contains("Syncing Clerk", StringComparison.Ordinal));
        Assert.DoesNotContain("Syncing Clerk", r.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(sim.SecretKey, string.Join('\n', lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_ConfigFileInTheWorkingDirectory_ConfiguresTheSync()
    {
        using var sim = Simulator();
        await File.WriteAllTextAsync(Path.Combine(_dir, ".baton.yaml"), $"""
            secret-key: {sim.SecretKey}
            clerk-api-url: {sim.BaseUrl}
            file: from-yaml.c1z
            requests-per-second: 1000
            sync-resource-types:
              - role
              - permission
            """);

        var r = await HostProcess.RunAsync([], workingDirectory: _dir);

        Assert.True(r.ExitCode == 0, r.StdErr);
        using var reader = C1zReader.Open(Path.Combine(_dir, "from-yaml.c1z"));
        Assert.Equal(["permission", "role"], reader.ResourceTypes().Select(t => t.Id).Order());
    }

    [Fact]
    public async Task Run_ConfigFileBadValue_IsAUsageErrorNamingTheFileAndKey()
    {
        var yaml = Path.Combine(_dir, ".baton.yaml");
        await File.WriteAllTextAsync(yaml, "secret-key: sk_test_abcdef\nparallelism: 0\n");

        var r = await HostProcess.RunAsync([], workingDirectory: _dir);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: {yaml}: key 'parallelism' must be a whole number between 1 and 256, got '0'", Assert.Single(ErrorLines(r)));
    }

    [Fact]
    public async Task Sync_C1zTempDir_WorksThereAndLeavesNothingBehind()
    {
        using var sim = Simulator();
        var output = Directory.CreateDirectory(Path.Combine(_dir, "out")).FullName;
        var temp = Directory.CreateDirectory(Path.Combine(_dir, "temp")).FullName;
        var file = Path.Combine(output, "out.c1z");

        var r = await Sync(sim, file, "--c1z-temp-dir", temp);

        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Equal([file], Directory.GetFiles(output));
        Assert.Empty(Directory.GetFileSystemEntries(temp));
    }
}
