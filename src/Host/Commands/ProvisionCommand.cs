using System.CommandLine;
using BatonClerk.Engine.C1z;
using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Provisioning;
using BatonClerk.Host.Configuration;
using BatonClerk.Host.Configuration.Settings;
using Serilog;

namespace BatonClerk.Host.Commands;

/// <summary>
/// The one-shot grant and revoke of Baton connectors: the entitlement, principal or grant is read from the c1z
/// of a previous sync (--file), the membership is written to Clerk, and the process exits 0 (done or nothing to
/// do), 1 (refused or failed) or 2 (usage).
/// </summary>
internal static class ProvisionCommand
{
    /// <summary>For <c>capabilities</c>: -p on its command line, else BATON_PROVISIONING in Go's boolean spellings.</summary>
    public static bool ProvisioningEnabled(Option<bool> option, ParseResult parse, Func<string, string?> environment)
    {
        if (parse.GetResult(option) is { Implicit: false })
        {
            return parse.GetValue(option);
        }

        return environment(SettingCatalog.Provisioning.EnvironmentVariable) is { } raw
            && SettingParser.TryParseBool(raw.Trim(), out var enabled) && enabled;
    }

    public static async Task<int> RunAsync(HostSettings settings, ProvisionRequest request, ILogger logger, CancellationToken cancellationToken)
    {
        var file = settings.Sync.OutputPath;
        if (!settings.Provisioning)
        {
            await Console.Error.WriteLineAsync(
                $"error: provisioning is off, so no {request.Verb} was sent to Clerk: pass -p / --provisioning (or set BATON_PROVISIONING=true) to allow writes").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (!File.Exists(file))
        {
            await Console.Error.WriteLineAsync(
                $"error: --file {file} does not exist: the {request.Verb} reads its ids from the c1z of a previous sync").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            var (entitlementId, principalType, principalId) = Resolve(request, file);
            using var loggerFactory = new Serilog.Extensions.Logging.SerilogLoggerFactory(logger);
            using var provisioner = ClerkProvisioner.Create(
                settings.Sync, new ProvisioningOptions { DefaultRoleKey = settings.DefaultRoleKey }, loggerFactory.CreateLogger("BatonClerk.Provisioning"));
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
    }

    /// <summary>The ids as the c1z of the previous sync has them; an id the file lacks is not ours to write.</summary>
    private static (string EntitlementId, string PrincipalType, string PrincipalId) Resolve(ProvisionRequest request, string file)
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
}
