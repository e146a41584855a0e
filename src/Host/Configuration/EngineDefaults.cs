using Akka.Configuration;

namespace BatonClerk.Host.Configuration;

/// <summary>Engine tunables from config/akka.hocon (shipped beside the executable); flags override them.</summary>
public sealed record EngineDefaults(int Parallelism, int PageSize, long UsersCursorThreshold, int UserPartitions, TimeSpan AttemptTimeout, int MaxRetryAttempts, TimeSpan ProgressInterval, int StoreCacheMiB)
{
    public static readonly EngineDefaults BuiltIn = new(16, 500, 50_000, 16, TimeSpan.FromSeconds(30), 4, TimeSpan.FromSeconds(5), 32);

    public static EngineDefaults Load(string? path = null)
    {
        path ??= Path.Combine(AppContext.BaseDirectory, "config", "akka.hocon");
        if (!File.Exists(path))
        {
            return BuiltIn;
        }

        Config config;
        try
        {
            config = ConfigurationFactory.ParseString(File.ReadAllText(path));
        }
        catch (Exception e)
        {
            throw new UsageException($"cannot read {path}: {e.Message.Split('\n')[0]}");
        }

        var sync = config.GetConfig("baton-clerk.sync");
        if (sync is null || sync.IsEmpty)
        {
            return BuiltIn;
        }

        return new EngineDefaults(
            sync.GetInt("parallelism", BuiltIn.Parallelism),
            sync.GetInt("page-size", BuiltIn.PageSize),
            sync.GetLong("users-cursor-threshold", BuiltIn.UsersCursorThreshold),
            sync.GetInt("user-partitions", BuiltIn.UserPartitions),
            sync.GetTimeSpan("attempt-timeout", BuiltIn.AttemptTimeout),
            sync.GetInt("max-retry-attempts", BuiltIn.MaxRetryAttempts),
            sync.GetTimeSpan("progress-interval", BuiltIn.ProgressInterval),
            sync.GetInt("store-cache-mib", BuiltIn.StoreCacheMiB));
    }
}
