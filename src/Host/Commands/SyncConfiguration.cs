using BatonClerk.Engine.Mapping;
using BatonClerk.Engine.Sync;
using BatonClerk.Host.Configuration;

namespace BatonClerk.Host.Commands;

/// <summary>Turns flags, environment and HOCON defaults into validated engine options.</summary>
public static class SyncConfiguration
{
    public static ClerkSyncOptions Resolve(SyncOptions flags, SettingSource source, EngineDefaults defaults)
    {
        var key = source.Raw(flags.SecretKey);
        if (string.IsNullOrEmpty(key))
        {
            throw new UsageException("--secret-key (or BATON_SECRET_KEY) is required");
        }

        if (!ClerkSyncOptions.IsSecretKey(key))
        {
            throw new UsageException("--secret-key must be a Clerk secret key starting with sk_live_ or sk_test_");
        }

        var options = new ClerkSyncOptions
        {
            SecretKey = key,
            OutputPath = source.String(flags.File, "sync.c1z"),
            ApiUrl = source.String(flags.ClerkApiUrl, Engine.Clerk.ClerkClientOptions.DefaultBaseUrl),
            ResourceTypes = ResourceTypeList(source.Raw(flags.SyncResourceTypes)),
            RateLimitShare = source.Double(flags.RateLimitShare) ?? 0.5,
            RequestsPerSecond = source.Double(flags.RequestsPerSecond),
            MembershipStrategy = Strategy(source.Raw(flags.MembershipStrategyOption)),
            Parallelism = (int)(source.Long(flags.Parallelism, 1, 256) ?? defaults.Parallelism),
            PageSize = (int)(source.Long(flags.PageSize, 1, 500) ?? defaults.PageSize),
            UsersCursorThreshold = source.Long(flags.UsersCursorThreshold, 0, long.MaxValue) ?? defaults.UsersCursorThreshold,
            UserPartitions = (int)(source.Long(flags.UserPartitions, 1, 256) ?? defaults.UserPartitions),
            AttemptTimeout = source.Long(flags.AttemptTimeoutSeconds, 1, 1800) is { } seconds ? TimeSpan.FromSeconds(seconds) : defaults.AttemptTimeout,
            MaxRetryAttempts = (int)(source.Long(flags.MaxRetryAttempts, 0, 20) ?? defaults.MaxRetryAttempts),
            ProgressInterval = defaults.ProgressInterval,
            StoreCacheMiB = defaults.StoreCacheMiB,
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }

        return options;
    }

    private static IReadOnlyCollection<string> ResourceTypeList(string? raw)
    {
        if (raw is null)
        {
            return ResourceTypes.AllIds;
        }

        var types = raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => t.ToLowerInvariant())
            .Distinct()
            .ToList();
        foreach (var type in types)
        {
            if (!ResourceTypes.AllIds.Contains(type))
            {
                throw new UsageException($"--sync-resource-types: unknown resource type '{type}' (expected {string.Join(",", ResourceTypes.AllIds)})");
            }
        }

        return types.Count > 0 ? types : throw new UsageException("--sync-resource-types must name at least one resource type");
    }

    private static MembershipStrategy Strategy(string? raw) => raw?.ToLowerInvariant() switch
    {
        null or "auto" => MembershipStrategy.Auto,
        "instance" => MembershipStrategy.Instance,
        "per-organization" => MembershipStrategy.PerOrganization,
        _ => throw new UsageException($"--membership-strategy must be auto, instance or per-organization, got '{raw}'"),
    };
}
