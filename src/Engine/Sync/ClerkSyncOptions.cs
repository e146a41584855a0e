using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Mapping;
using BatonClerk.Engine.Sync.Gate;

namespace BatonClerk.Engine.Sync;

/// <summary>
/// Everything a user configures for one sync. A class rather than a record so that no generated ToString can
/// ever print the secret key.
/// </summary>
public sealed class ClerkSyncOptions
{
    public string SecretKey { get; set; } = "";

    public string ApiUrl { get; set; } = ClerkClientOptions.DefaultBaseUrl;

    public string OutputPath { get; set; } = "sync.c1z";

    public IReadOnlyCollection<string> ResourceTypes { get; set; } = Mapping.ResourceTypes.AllIds;

    /// <summary>Narrows one run (a C1 task's options); its resource types, when given, replace <see cref="ResourceTypes"/>.</summary>
    public SyncScope Scope { get; set; } = SyncScope.Full;

    public double RateLimitShare { get; set; } = 0.5;

    public double? RequestsPerSecond { get; set; }

    public int Parallelism { get; set; } = 16;

    public int PageSize { get; set; } = 500;

    public long UsersCursorThreshold { get; set; } = 50_000;

    public int UserPartitions { get; set; } = 16;

    public MembershipStrategy MembershipStrategy { get; set; } = MembershipStrategy.Auto;

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public int MaxRetryAttempts { get; set; } = 4;

    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Where the working SQLite file lives; default: beside the output file.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>SQLite page cache of the working file; bounded so memory does not grow with the instance.</summary>
    public int StoreCacheMiB { get; set; } = 32;

    /// <summary>
    /// After the process dies mid-sync, the next run with the same file, instance and configuration resumes the
    /// unfinished sync instead of starting again.
    /// </summary>
    public bool Resume { get; set; } = true;

    /// <summary>
    /// Identifies the instance and the configuration a resumable working file belongs to. A hash: the key itself is
    /// never stored.
    /// </summary>
    public string ResumeFingerprint()
    {
        var text = string.Join('\n', ApiUrl.TrimEnd('/'), SecretKey, string.Join(',', Scope.EffectiveResourceTypes(ResourceTypes).Order(StringComparer.Ordinal)),
            PageSize, UsersCursorThreshold, UserPartitions, MembershipStrategy);
        if (!Scope.IsFull)
        {
            // A narrowed run is another configuration; a full run keeps the fingerprint it always had.
            text += string.Join('\n', "", Scope.SyncType, Scope.SkipGrants,
                string.Join(',', Scope.Targets.Select(t => t.ResourceType + ":" + t.Id).Order(StringComparer.Ordinal)));
        }

        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>A copy writing to another file (service mode syncs into a temporary path per task).</summary>
    public ClerkSyncOptions WithOutputPath(string path)
    {
        var copy = (ClerkSyncOptions)MemberwiseClone();
        copy.OutputPath = path;
        return copy;
    }

    public static bool IsSecretKey(string? key) =>
        key is not null
        && (key.StartsWith("sk_live_", StringComparison.Ordinal) || key.StartsWith("sk_test_", StringComparison.Ordinal))
        && key.Length > "sk_test_".Length
        && key.All(c => c > ' ' && c < 127);

    /// <summary>Checks every value; throws <see cref="ArgumentException"/> with a message naming the setting.</summary>
    public SyncSettings Validate()
    {
        var settings = ValidateEngineSettings();
        OutputFile.Validate(OutputPath);
        return settings;
    }

    /// <summary>Everything except the output path, which an embedding host gives per run.</summary>
    public SyncSettings ValidateEngineSettings()
    {
        if (!IsSecretKey(SecretKey))
        {
            throw new ArgumentException("secret-key must be a Clerk secret key (sk_live_… or sk_test_…)");
        }

        _ = new ClerkClientOptions { SecretKey = SecretKey, BaseUrl = ApiUrl }.Validate();
        if (MaxRetryAttempts is < 0 or > 20)
        {
            throw new ArgumentException("max-retry-attempts must be between 0 and 20");
        }

        if (AttemptTimeout <= TimeSpan.Zero || AttemptTimeout > TimeSpan.FromMinutes(30))
        {
            throw new ArgumentException("attempt-timeout must be between 0 and 30 minutes");
        }

        if (StoreCacheMiB is < 1 or > 4096)
        {
            throw new ArgumentException("store-cache-mib must be between 1 and 4096");
        }

        RateBudget budget;
        try
        {
            budget = RateBudget.Resolve(SecretKey, RateLimitShare, RequestsPerSecond);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentException(e.Message.Split(" (Parameter", 2)[0]);
        }

        var settings = new SyncSettings
        {
            Budget = budget,
            ResourceTypes = new HashSet<string>(Scope.EffectiveResourceTypes(ResourceTypes), StringComparer.Ordinal),
            Scope = Scope,
            Parallelism = Parallelism,
            PageSize = PageSize,
            UsersCursorThreshold = UsersCursorThreshold,
            UserPartitions = UserPartitions,
            // Only the named organizations' memberships: the instance-wide list would bring every other one too.
            MembershipStrategy = Scope.IsTargeted ? MembershipStrategy.PerOrganization : MembershipStrategy,
            ProgressInterval = ProgressInterval,
        };
        settings.Validate();
        return settings;
    }
}
