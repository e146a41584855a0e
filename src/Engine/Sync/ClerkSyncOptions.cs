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

    public string OutputPath { get; set; } = SyncDefaults.OutputPath;

    public IReadOnlyCollection<string> ResourceTypes { get; set; } = Mapping.ResourceTypes.AllIds;

    /// <summary>
    /// Narrows one run: skips (--skip-entitlements-and-grants, --skip-grants), targets (--sync-resources) or a C1
    /// task's options. Resource types it names replace <see cref="ResourceTypes"/>.
    /// </summary>
    public SyncScope Scope { get; set; } = SyncScope.Full;

    public double RateLimitShare { get; set; } = SyncDefaults.RateLimitShare;

    public double? RequestsPerSecond { get; set; }

    /// <summary>Requests in flight per endpoint; null chooses from the rate budget (<see cref="SyncDefaults.ParallelismFor"/>).</summary>
    public int? Parallelism { get; set; }

    public int PageSize { get; set; } = SyncDefaults.PageSize;

    public long UsersCursorThreshold { get; set; } = SyncDefaults.UsersCursorThreshold;

    public int UserPartitions { get; set; } = SyncDefaults.UserPartitions;

    public MembershipStrategy MembershipStrategy { get; set; } = MembershipStrategy.Auto;

    /// <summary>One HTTP request to Clerk, start to last byte (baton-sdk's --http-timeout-seconds).</summary>
    public TimeSpan AttemptTimeout { get; set; } = SyncDefaults.AttemptTimeout;

    public int MaxRetryAttempts { get; set; } = SyncDefaults.MaxRetryAttempts;

    public TimeSpan ProgressInterval { get; set; } = SyncDefaults.ProgressInterval;

    /// <summary>Where the working SQLite file lives; default: beside the output file.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>SQLite page cache of the working file; bounded so memory does not grow with the instance.</summary>
    public int StoreCacheMiB { get; set; } = SyncDefaults.StoreCacheMiB;

    /// <summary>
    /// Rows written to the working file between commits. Larger groups write each index page fewer times; a run
    /// killed mid-group fetches that group's pages again when it resumes.
    /// </summary>
    public int StoreCommitRows { get; set; } = SyncDefaults.StoreCommitRows;

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
            text += string.Join('\n', "", C1z.C1zSyncTypes.Text(Scope.SyncType), Scope.SkipGrants,
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

    /// <summary>
    /// Checks every value once and returns an immutable snapshot the engine runs from without checking again.
    /// Throws <see cref="ArgumentException"/> listing every problem, each naming its setting.
    /// </summary>
    public ValidatedSyncOptions Validate() =>
        TryValidate(out var validated, out var problems) ? validated : throw new ArgumentException(string.Join("; ", problems));

    /// <summary>
    /// Everything except the output path, which an embedding host or service mode gives per run through
    /// <see cref="ValidatedSyncOptions.ForOutput(string)"/>.
    /// </summary>
    public ValidatedSyncOptions ValidateEngineSettings() =>
        TryValidateEngineSettings(out var validated, out var problems) ? validated : throw new ArgumentException(string.Join("; ", problems));

    /// <summary>As <see cref="Validate"/>, returning every problem (each starts with its setting's name) instead of throwing.</summary>
    public bool TryValidate([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ValidatedSyncOptions? validated, out IReadOnlyList<string> problems) =>
        TryCheck(includeOutput: true, out validated, out problems);

    public bool TryValidateEngineSettings([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ValidatedSyncOptions? validated, out IReadOnlyList<string> problems) =>
        TryCheck(includeOutput: false, out validated, out problems);

    private bool TryCheck(bool includeOutput, out ValidatedSyncOptions? validated, out IReadOnlyList<string> problems)
    {
        var (settings, found) = Check(includeOutput);
        problems = found;
        validated = settings is not null && found.Count == 0 ? new ValidatedSyncOptions(Snapshot(), settings) : null;
        return validated is not null;
    }

    private ClerkSyncOptions Snapshot()
    {
        var copy = (ClerkSyncOptions)MemberwiseClone();
        copy.ResourceTypes = [.. ResourceTypes];
        return copy;
    }

    private (SyncSettings? Settings, List<string> Problems) Check(bool includeOutput)
    {
        var problems = new List<string>();
        if (!IsSecretKey(SecretKey))
        {
            problems.Add("secret-key must be a Clerk secret key starting with sk_live_ or sk_test_");
        }

        if (ClerkClientOptions.BaseUrlProblem(ApiUrl, out _) is { } urlProblem)
        {
            problems.Add("clerk-api-url " + urlProblem);
        }

        if (MaxRetryAttempts is < 0 or > SyncDefaults.MaxMaxRetryAttempts)
        {
            problems.Add($"max-retry-attempts must be between 0 and {SyncDefaults.MaxMaxRetryAttempts}");
        }

        if (AttemptTimeout <= TimeSpan.Zero || AttemptTimeout > SyncDefaults.MaxAttemptTimeout)
        {
            problems.Add($"http-timeout-seconds (the attempt timeout) must be between 1 and {SyncDefaults.MaxAttemptTimeoutSeconds} seconds");
        }

        if (StoreCacheMiB is < 1 or > SyncDefaults.MaxStoreCacheMiB)
        {
            problems.Add($"store-cache-mib must be between 1 and {SyncDefaults.MaxStoreCacheMiB}");
        }

        if (StoreCommitRows is < 1 or > SyncDefaults.MaxStoreCommitRows)
        {
            problems.Add($"store-commit-rows must be between 1 and {SyncDefaults.MaxStoreCommitRows}");
        }

        if (RateBudget.Problem(RateLimitShare, RequestsPerSecond) is { } budgetProblem)
        {
            problems.Add(budgetProblem);
        }

        if (includeOutput)
        {
            try
            {
                OutputFile.Validate(OutputPath);
            }
            catch (ArgumentException e)
            {
                problems.Add(e.Message);
            }
        }

        if (WorkingDirectory is not null && !Directory.Exists(WorkingDirectory))
        {
            problems.Add($"the working directory '{WorkingDirectory}' (c1z-temp-dir) does not exist");
        }

        var budget = IsSecretKey(SecretKey) && problems.Count == 0 ? RateBudget.Resolve(SecretKey, RateLimitShare, RequestsPerSecond) : new RateBudget(1, RateBudget.ClerkWindow);
        var settings = new SyncSettings
        {
            Budget = budget,
            ResourceTypes = new HashSet<string>(Scope.EffectiveResourceTypes(ResourceTypes), StringComparer.Ordinal),
            Scope = Scope,
            Parallelism = Parallelism ?? SyncDefaults.ParallelismFor(budget),
            PageSize = PageSize,
            UsersCursorThreshold = UsersCursorThreshold,
            UserPartitions = UserPartitions,
            // Only the named organizations' memberships: the instance-wide list would bring every other one too.
            MembershipStrategy = Scope.IsTargeted ? MembershipStrategy.PerOrganization : MembershipStrategy,
            ProgressInterval = ProgressInterval,
        };
        problems.AddRange(settings.Problems());
        return (problems.Count == 0 ? settings : null, problems);
    }
}
