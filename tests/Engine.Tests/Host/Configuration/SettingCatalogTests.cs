using System.Text.Json;
using BatonClerk.Engine.Sync;
using BatonClerk.Host.Commands;
using BatonClerk.Host.Configuration.Settings;

namespace BatonClerk.Engine.Tests.Host.Configuration;

public sealed class SettingCatalogTests
{
    // The flags of baton-sdk v0.25.0 (pkg/field/defaults.go, non-Windows build), which must all parse.
    private static readonly string[] SdkFlags =
    [
        "create-ticket", "bulk-create-ticket", "bulk-ticket-template-path", "get-ticket", "list-ticket-schemas", "provisioning",
        "ticketing", "c1z-temp-dir", "client-id", "client-secret", "create-account-email", "create-account-login",
        "create-account-profile", "create-account-resource-type", "delete-resource", "delete-resource-type", "event-feed",
        "event-feed-id", "event-feed-start-at", "event-feed-cursor", "file", "grant-entitlement", "grant-principal",
        "grant-principal-type", "log-format", "log-path", "revoke-grant", "rotate-credentials", "rotate-credentials-type",
        "ticket-id", "ticket-template-path", "log-level", "log-level-debug-expires-at", "skip-full-sync", "sync-resources",
        "sync-resource-types", "skip-entitlements-and-grants", "skip-grants", "external-resource-c1z",
        "external-resource-entitlement-id-filter", "external-resource-traits", "keep-previous-sync-c1z", "diff-syncs",
        "base-sync-id", "applied-sync-id", "compact-sync-ids", "compact-file-paths", "compact-output-path", "compact-syncs",
        "invoke-action", "invoke-action-args", "invoke-action-resource-type", "list-action-schemas",
        "list-action-schemas-resource-type", "list-resource-actions", "invoke-resource-action",
        "invoke-resource-action-resource-type", "invoke-resource-action-args", "session-store-maximum-size", "workers",
        "parallel-sync", "otel-collector-endpoint", "otel-collector-endpoint-tls-cert-path", "otel-collector-endpoint-tls-cert",
        "otel-collector-endpoint-tls-insecure", "otel-tracing-disabled", "otel-logging-disabled", "auth-method", "health-check",
        "health-check-port", "health-check-bind-address", "http-timeout-seconds", "storage-engine", "task-concurrency",
    ];

    [Fact]
    public void All_DeclaresEverySdkFlagInTheSdkOrder()
    {
        Assert.Equal(SdkFlags, SettingCatalog.All.Where(s => s.FromSdk).Select(s => s.Name));
        Assert.Equal(SettingCatalog.All.Count, SettingCatalog.All.Select(s => s.Name).Distinct().Count());
    }

    [Fact]
    public void All_EveryDefaultParsesByItsOwnDeclaration()
    {
        foreach (var setting in SettingCatalog.All.Where(s => s.Default is not null))
        {
            SettingParser.Parse(setting, RawValue.Single(setting.Default!, SettingOrigin.Default, setting.Name), out var error);
            Assert.True(error is null, $"{setting.Name}: {error}");
        }
    }

    [Fact]
    public void EngineDefaults_AreTheEnginesOwnConstants()
    {
        Assert.Null(SettingCatalog.Parallelism.Default);
        Assert.Equal($"{SyncDefaults.SmallBudgetParallelism} for a rate budget of 20 requests/s or less, else {SyncDefaults.Parallelism}", SettingCatalog.Parallelism.DefaultNote);
        Assert.Equal(SyncDefaults.MaxParallelism, SettingCatalog.Parallelism.Max);
        Assert.Equal(SyncDefaults.AttemptTimeoutSeconds.ToString(), SettingCatalog.HttpTimeoutSeconds.Default);
        Assert.Equal(SyncDefaults.MaxAttemptTimeoutSeconds, SettingCatalog.HttpTimeoutSeconds.Max);
        Assert.Equal(SyncDefaults.Parallelism, new SyncSettings { Budget = new(1, TimeSpan.FromSeconds(10)) }.Parallelism);
    }

    [Fact]
    public void Render_Config_ListsExactlyTheExportedSettingsInDeclarationOrder()
    {
        using var json = JsonDocument.Parse(ConfigCommand.Render());
        var names = json.RootElement.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();

        Assert.Equal(SettingCatalog.All.Where(s => s.Export != SettingExport.None).Select(s => s.Name), names);
        Assert.Contains("health-check", names);
        Assert.Contains("health-check-port", names);
    }

    [Fact]
    public void HelpText_NamesTheVariableTheDefaultAndTheRange()
    {
        var help = SettingOptions.HelpText(SettingCatalog.Parallelism);

        Assert.Contains("BATON_PARALLELISM", help, StringComparison.Ordinal);
        Assert.Contains($"default {SyncDefaults.SmallBudgetParallelism} for a rate budget of 20 requests/s or less, else {SyncDefaults.Parallelism}", help, StringComparison.Ordinal);
        Assert.Contains("between 1 and " + SyncDefaults.MaxParallelism, help, StringComparison.Ordinal);
        Assert.Contains("ignored", SettingOptions.HelpText(SettingCatalog.Workers), StringComparison.Ordinal);
    }
}
