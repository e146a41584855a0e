using BatonClerk.Engine.Sync;
using BatonClerk.Host.Configuration;
using BatonClerk.Host.Configuration.Settings;
using Serilog.Events;

namespace BatonClerk.Engine.Tests.Host.Configuration;

public sealed class HostSettingsTests : IDisposable
{
    private const string Key = "sk_test_settingskey";
    private readonly string _dir = Directory.CreateTempSubdirectory("baton-clerk-settings-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string[] Args(params string[] extra) => ["--secret-key", Key, "-f", Path.Combine(_dir, "out.c1z"), .. extra];

    [Fact]
    public void Build_SeveralBadValues_ReportsEveryOneTogether()
    {
        var problems = SettingsHarness.Problems(
            ["--parallelism", "0", "--http-timeout-seconds", "5000", "--membership-strategy", "sometimes", "--rate-limit-share", "7"],
            directory: _dir);

        Assert.Contains(problems, p => p.StartsWith("--secret-key (or BATON_SECRET_KEY) is required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("--parallelism must be a whole number between 1 and 256", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("--http-timeout-seconds must be a whole number between 1 and 1800", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("--membership-strategy must be auto, instance, per-organization", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("--rate-limit-share must be in (0, 1]", StringComparison.Ordinal));
        Assert.Equal(5, problems.Count);
    }

    [Fact]
    public void Build_HttpTimeout_IsTheAttemptTimeoutUpToTheSdkBound()
    {
        var settings = SettingsHarness.Build(Args("--http-timeout-seconds", "900"), directory: _dir);

        Assert.Equal(TimeSpan.FromSeconds(900), settings.Sync.AttemptTimeout);
    }

    [Theory]
    [InlineData("sk_test_abcdef", 48)] // a development key's default budget, 5 requests/s
    [InlineData("sk_live_abcdef", 16)] // a production key's, 50 requests/s
    public void Build_NoParallelismAnywhere_ChoosesItFromTheBudget(string key, int expected)
    {
        var settings = SettingsHarness.Build(["--secret-key", key, "-f", Path.Combine(_dir, "out.c1z")], directory: _dir);

        Assert.Equal(expected, settings.Sync.Settings.Parallelism);
    }

    [Fact]
    public void Build_SourcesInSdkPrecedence_FlagThenEnvironmentThenFileThenHoconThenDefault()
    {
        File.WriteAllText(Path.Combine(_dir, ".baton.yaml"), "parallelism: 3\nuser-partitions: 5\npage-size: 200\nmax-retry-attempts: 2\n");
        var hocon = Path.Combine(_dir, "akka.hocon");
        File.WriteAllText(hocon, "baton-clerk.sync { parallelism = 9, user-partitions = 9, page-size = 100, store-cache-mib = 64 }");
        var env = new Dictionary<string, string> { ["BATON_PARALLELISM"] = "2", ["BATON_USER_PARTITIONS"] = "4" };

        var settings = SettingsHarness.Build(Args("--parallelism", "1"), env, _dir, hocon);

        Assert.Equal(1, settings.Sync.Settings.Parallelism);
        Assert.Equal(4, settings.Sync.Settings.UserPartitions);
        Assert.Equal(200, settings.Sync.Settings.PageSize);
        Assert.Equal(64, settings.Sync.StoreCacheMiB);
        Assert.Equal(Engine.Sync.SyncDefaults.UsersCursorThreshold, settings.Sync.Settings.UsersCursorThreshold);
        Assert.Equal(Path.Combine(_dir, ".baton.yaml"), settings.ConfigFile);
    }

    [Fact]
    public void Build_BadValueInConfigFile_NamesTheFileAndTheKey()
    {
        var file = Path.Combine(_dir, ".baton.yaml");
        File.WriteAllText(file, "parallelism: lots\nwidgets: 3\nsync-resource-types: [user, organization]\n");

        var problems = SettingsHarness.Problems(Args(), directory: _dir);

        Assert.Contains($"{file}: key 'parallelism' must be a whole number between 1 and 256, got 'lots'", problems);
        Assert.Contains(problems, p => p.StartsWith($"{file}: key 'widgets': no such setting", StringComparison.Ordinal));
        Assert.Equal(2, problems.Count);
    }

    [Fact]
    public void Build_ConfigPathVariable_ReadsThatFileAndEngineProblemsNameIt()
    {
        var file = Path.Combine(_dir, "clerk.yml");
        File.WriteAllText(file, "clerk-api-url: http://10.9.8.7/v1\nsync-resource-types:\n  - role\n");
        var env = new Dictionary<string, string> { ["BATON_CONFIG_PATH"] = file };

        var problem = Assert.Single(SettingsHarness.Problems(Args(), env, _dir));

        Assert.Contains("loopback", problem, StringComparison.Ordinal);
        Assert.EndsWith($"(from {file}: key 'clerk-api-url')", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ConfigPathVariable_NotYaml_IsAnError()
    {
        var env = new Dictionary<string, string> { ["BATON_CONFIG_PATH"] = Path.Combine(_dir, "clerk.json") };

        Assert.Contains("must name a .yaml or .yml file", Assert.Single(SettingsHarness.Problems(Args(), env, _dir)), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ConfigFileListValue_IsReadAsAList()
    {
        File.WriteAllText(Path.Combine(_dir, ".baton.yaml"), "sync-resource-types:\n  - role\n  - permission\n");

        var settings = SettingsHarness.Build(Args(), directory: _dir);

        Assert.Equal(["permission", "role"], settings.Sync.Settings.ResourceTypes.Order());
    }

    [Fact]
    public void ShippedHocon_OverridesNothing_SoTheDeclarationsAreTheDefaults()
    {
        var errors = new List<string>();
        var shipped = HoconSettings.Load(Path.Combine(Support.HostProcess.RepoRoot(), "config", "akka.hocon"), errors);

        Assert.Empty(errors);
        Assert.All(SettingCatalog.All.Where(s => s.Hocon), s => Assert.Null(shipped.Get(s)));
    }

    [Fact]
    public void Build_UnknownHoconTunable_NamesTheFileAndKey()
    {
        var hocon = Path.Combine(_dir, "akka.hocon");
        File.WriteAllText(hocon, "baton-clerk.sync { paralelism = 4 }");

        var problem = Assert.Single(SettingsHarness.Problems(Args(), directory: _dir, hoconPath: hocon));

        Assert.StartsWith($"{hocon}: baton-clerk.sync.paralelism is not an engine tunable", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_IgnoredSdkFlags_WarnOnceEach()
    {
        var settings = SettingsHarness.Build(Args("--workers", "4", "-p", "--otel-collector-endpoint", "127.0.0.1:4317", "--storage-engine", "pebble"), directory: _dir);

        // The collector endpoint and -p are honoured (OpenTelemetry export, provisioning): no warning for them.
        Assert.Equal(2, settings.Warnings.Count);
        Assert.Equal("127.0.0.1:4317", settings.Telemetry.CollectorEndpoint);
        Assert.Single(settings.Warnings, w => w.StartsWith("--workers is accepted but ignored", StringComparison.Ordinal));
        Assert.DoesNotContain(settings.Warnings, w => w.Contains("--provisioning", StringComparison.Ordinal));
        Assert.True(settings.Provisioning);
        Assert.Single(settings.Warnings, w => w.Contains("SQLite", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--create-account-login", "someone", "no other actions")]
    [InlineData("--grant-entitlement", "organization:org_1:member", "--grant-principal and --grant-principal-type together")]
    [InlineData("--external-resource-c1z", "other.c1z", "external resources")]
    [InlineData("--sync-resources", "bid:r:role/role_123", "takes organizations and users")]
    [InlineData("--sync-resources", "org_123", "is not a resource Baton id")]
    [InlineData("--sync-resources", "bid:r:widget/w_1", "resource type 'widget'")]
    [InlineData("--skip-grants", "true", "needs --sync-resources")]
    [InlineData("--task-concurrency", "0", "between 1 and 100")]
    [InlineData("--storage-engine", "rocksdb", "sqlite, pebble")]
    [InlineData("--log-level-debug-expires-at", "tomorrow", "RFC 3339")]
    [InlineData("--c1z-temp-dir", "/nonexistent-temp-dir", "c1z-temp-dir")]
    [InlineData("--log-path", "/nonexistent-dir/x.log", "existing directory")]
    public void Build_SdkFlagThisConnectorCannotHonour_IsAUsageErrorSayingWhy(string flag, string value, string fragment)
    {
        var problem = Assert.Single(SettingsHarness.Problems(Args(flag, value), directory: _dir));

        Assert.Contains(fragment, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ResourceBid_WithParentAndEscapes_Parses()
    {
        var bid = ResourceBid.Parse(@"bid:r:organization/org\/1/role/r\:x", out var problem);

        Assert.Null(problem);
        Assert.Equal(new ResourceBid("role", "r:x", "organization", "org/1"), bid);
    }

    [Fact]
    public void Build_C1zTempDir_HoldsTheWorkingFiles()
    {
        var temp = Directory.CreateDirectory(Path.Combine(_dir, "temp")).FullName;

        var settings = SettingsHarness.Build(Args("--c1z-temp-dir", temp), directory: _dir);

        Assert.Equal(temp, settings.Sync.WorkingDirectory);
    }

    [Fact]
    public void Build_SkipEntitlementsAndGrants_ReachesTheEngineSettings()
    {
        var settings = SettingsHarness.Build(Args("--skip-entitlements-and-grants"), directory: _dir);

        Assert.False(settings.Sync.Settings.SyncsEntitlements);
        Assert.False(settings.Sync.Settings.SyncsGrants);
    }

    [Fact]
    public void Build_SyncResources_TargetsThoseObjectsAsAPartialSync()
    {
        var settings = SettingsHarness.Build(
            Args("--sync-resources", "bid:r:organization/org_1,bid:r:user/user_2,bid:r:organization/org_1", "--skip-grants"), directory: _dir);

        var scope = settings.Sync.Settings.Scope;
        Assert.Equal([new TargetedResource("organization", "org_1"), new TargetedResource("user", "user_2")], scope.Targets);
        Assert.Equal(BatonClerk.Engine.C1z.C1zSyncType.Partial, scope.SyncType);
        Assert.False(settings.Sync.Settings.SyncsGrants);
        Assert.True(settings.Sync.Settings.SyncsEntitlements);
        Assert.Equal(MembershipStrategy.PerOrganization, settings.Sync.Settings.MembershipStrategy);
    }

    [Fact]
    public void Build_TaskConcurrency_SizesTheServiceTaskSlots()
    {
        var env = new Dictionary<string, string> { ["BATON_TASK_CONCURRENCY"] = "7" };

        var settings = SettingsHarness.Build(
            ["--client-id", Service.Fakes.TestCredentials.ClientId, "--client-secret", Service.Fakes.TestCredentials.Create().Secret, "--secret-key", Key], env, _dir);

        Assert.Equal(7, settings.Service!.Options.TaskConcurrency);
    }

    [Theory]
    [InlineData("debug", LogEventLevel.Debug)]
    [InlineData("WARN", LogEventLevel.Warning)]
    [InlineData(" error ", LogEventLevel.Error)]
    [InlineData("", LogEventLevel.Information)]
    [InlineData("dpanic", LogEventLevel.Fatal)]
    [InlineData("Fatal", LogEventLevel.Fatal)]
    public void ParseLevel_SdkLevelNames_Map(string text, LogEventLevel expected) =>
        Assert.Equal(expected, LogSettings.ParseLevel(text));

    [Fact]
    public void Build_DebugLevelPastItsExpiry_LogsAtInfo()
    {
        var past = SettingsHarness.Now.AddMinutes(-1).ToString("O");
        var future = SettingsHarness.Now.AddHours(1).ToString("O");

        var expired = SettingsHarness.Build(Args("--log-level", "debug", "--log-level-debug-expires-at", past), directory: _dir);
        var current = SettingsHarness.Build(Args("--log-level", "debug", "--log-level-debug-expires-at", future), directory: _dir);

        Assert.Equal(LogEventLevel.Information, expired.Log.Level);
        Assert.NotNull(expired.Log.Note);
        Assert.Equal(LogEventLevel.Debug, current.Log.Level);
    }

    [Fact]
    public void Build_BooleanSpellings_AreGosOnes()
    {
        var env = new Dictionary<string, string> { ["BATON_SKIP_ENTITLEMENTS_AND_GRANTS"] = "T" };

        Assert.False(SettingsHarness.Build(Args(), env, _dir).Sync.Settings.SyncsEntitlements);
        Assert.Contains("must be true or false",
            Assert.Single(SettingsHarness.Problems(Args("--skip-entitlements-and-grants", "yes"), directory: _dir)), StringComparison.Ordinal);
    }
}
