using System.CommandLine;
using BatonClerk.Engine.C1z;
using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Provisioning;
using BatonClerk.Engine.Sync;
using BatonClerk.Engine.Sync.Gate;
using BatonClerk.Host.Configuration;
using BatonClerk.Host.Logging;
using Serilog;

namespace BatonClerk.Host.Commands;

/// <summary>
/// The one-shot grant and revoke of Baton connectors: the entitlement, principal or grant is read from the c1z
/// of a previous sync (--file), the membership is written to Clerk, and the process exits 0 (done or nothing to
/// do), 1 (refused or failed) or 2 (usage).
/// </summary>
public static class ProvisionCommand
{
    public static bool IsRequested(SyncOptions flags, SettingSource source) =>
        source.Raw(flags.GrantEntitlement) is not null || source.Raw(flags.GrantPrincipal) is not null
        || source.Raw(flags.GrantPrincipalType) is not null || source.Raw(flags.RevokeGrant) is not null;

    /// <summary>-p on the command line, else BATON_PROVISIONING (true/1/yes).</summary>
    public static bool ProvisioningEnabled(Option<bool> option, ParseResult parse, Func<string, string?> environment)
    {
        if (parse.GetResult(option) is { Implicit: false })
        {
            return parse.GetValue(option);
        }

        var raw = environment(SettingSource.EnvName(option))?.Trim();
        return raw is not null && (raw.Equals("true", StringComparison.OrdinalIgnoreCase) || raw == "1"
            || raw.Equals("yes", StringComparison.OrdinalIgnoreCase));
    }

    public static async Task<int> RunAsync(
        SyncOptions flags, SettingSource source, bool provisioning, CancellationToken cancellationToken)
    {
        Request request;
        ClerkSyncOptions options;
        Serilog.Core.Logger logger;
        try
        {
            request = ReadRequest(flags, source);
            if (!provisioning)
            {
                throw new UsageException(
                    $"provisioning is off, so no {request.Verb} was sent to Clerk: pass -p / --provisioning (or set BATON_PROVISIONING=true) to allow writes");
            }

            logger = LogSetup.Create(source.String(flags.LogLevel, "info"), source.String(flags.LogFormat, LogSetup.DefaultFormat(!Console.IsErrorRedirected)));
            options = SyncConfiguration.Resolve(flags, source, EngineDefaults.Load());
            if (!File.Exists(options.OutputPath))
            {
                throw new UsageException($"--file {options.OutputPath} does not exist: the {request.Verb} reads its ids from the c1z of a previous sync");
            }
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        Log.Logger = logger;
        try
        {
            var (entitlementId, principalType, principalId) = Resolve(request, options.OutputPath);
            using var loggerFactory = new Serilog.Extensions.Logging.SerilogLoggerFactory(logger);
            using var client = new ClerkClient(new ClerkClientOptions
            {
                SecretKey = options.SecretKey,
                BaseUrl = options.ApiUrl,
                AttemptTimeout = options.AttemptTimeout,
                MaxRetryAttempts = options.MaxRetryAttempts,
                Gate = new BudgetRequestGate(RateBudget.Resolve(options.SecretKey, options.RateLimitShare, options.RequestsPerSecond)),
            });
            var provisioner = new MembershipProvisioner(client, new ProvisioningOptions { DefaultRoleKey = source.Raw(flags.DefaultRoleKey) },
                loggerFactory.CreateLogger("BatonClerk.Provisioning"));
            var outcome = request.RevokeGrantId is null
                ? await provisioner.GrantAsync(entitlementId, principalType, principalId, cancellationToken).ConfigureAwait(false)
                : await provisioner.RevokeAsync(entitlementId, principalType, principalId, cancellationToken).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(outcome.Describe()).ConfigureAwait(false);
            foreach (var replaced in outcome.ReplacedGrantIds)
            {
                await Console.Out.WriteLineAsync("replaced grant: " + replaced).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }
        catch (Exception e) when (e is ProvisioningRefusedException or ProvisioningFailedException or ClerkApiException
            or C1zException or IOException or InvalidDataException or OperationCanceledException or UnauthorizedAccessException)
        {
            var what = e is ProvisioningRefusedException ? "refused" : "failed";
            logger.Debug(e, "The {Verb} {What}", request.Verb, what);
            await Console.Error.WriteLineAsync($"error: {request.Verb} {what}: {e.Message.ReplaceLineEndings(" ").Trim()}").ConfigureAwait(false);
            return ExitCodes.SyncFailed;
        }
        finally
        {
            await Log.CloseAndFlushAsync().ConfigureAwait(false);
        }
    }

    private static Request ReadRequest(SyncOptions flags, SettingSource source)
    {
        var entitlement = source.Raw(flags.GrantEntitlement);
        var principal = source.Raw(flags.GrantPrincipal);
        var principalType = source.Raw(flags.GrantPrincipalType);
        var revoke = source.Raw(flags.RevokeGrant);
        if (revoke is not null)
        {
            return entitlement is null && principal is null && principalType is null
                ? new Request(null, null, null, revoke)
                : throw new UsageException("--revoke-grant cannot be combined with --grant-entitlement, --grant-principal or --grant-principal-type");
        }

        if (string.IsNullOrWhiteSpace(entitlement) || string.IsNullOrWhiteSpace(principal) || string.IsNullOrWhiteSpace(principalType))
        {
            throw new UsageException("a grant needs --grant-entitlement, --grant-principal and --grant-principal-type together");
        }

        return new Request(entitlement, principal, principalType, null);
    }

    /// <summary>The ids as the c1z of the previous sync has them; an id the file lacks is not ours to write.</summary>
    private static (string EntitlementId, string PrincipalType, string PrincipalId) Resolve(Request request, string file)
    {
        using var reader = C1zReader.Open(file);
        if (request.RevokeGrantId is { } grantId)
        {
            var resolved = reader.ResolveGrant(grantId)
                ?? throw new ProvisioningRefusedException($"grant {grantId} is not in {file}");
            return (resolved.Grant.Entitlement.Id, resolved.Grant.Principal.Id.ResourceType, resolved.Grant.Principal.Id.Resource);
        }

        var entitlement = reader.FindEntitlement(request.EntitlementId!)
            ?? throw new ProvisioningRefusedException($"entitlement {request.EntitlementId} is not in {file}");
        var principal = reader.FindResource(request.PrincipalType!, request.PrincipalId!)
            ?? throw new ProvisioningRefusedException($"principal {request.PrincipalType}:{request.PrincipalId} is not in {file}");
        return (entitlement.Id, principal.Id.ResourceType, principal.Id.Resource);
    }

    private sealed record Request(string? EntitlementId, string? PrincipalId, string? PrincipalType, string? RevokeGrantId)
    {
        public string Verb => RevokeGrantId is null ? "grant" : "revoke";
    }
}
