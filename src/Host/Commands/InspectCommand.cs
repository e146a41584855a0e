using System.CommandLine;
using BatonClerk.Engine.C1z;
using BatonClerk.Host.Commands.Inspect;

namespace BatonClerk.Host.Commands;

/// <summary>
/// `inspect &lt;file&gt; [stats|resource-types|resources|entitlements|grants]`: the Go `baton` CLI's read-only views of
/// a v1 c1z. Exit codes: 0 ok, 1 unreadable file, 2 usage.
/// </summary>
public static class InspectCommand
{
    private const int ExitOk = 0;
    private const int ExitBadFile = 1;
    private const int ExitUsage = 2;

    public static Command Create()
    {
        var file = FileArgument();
        var output = new Option<string>("--output", "-o")
        {
            Description = "Output format: console or json",
            DefaultValueFactory = _ => "console",
            Recursive = true,
        };
        var syncId = new Option<string?>("--sync-id")
        {
            Description = "Read this sync instead of the latest finished full sync",
            Recursive = true,
        };
        var common = new CommonSymbols(file, output, syncId);

        var inspect = new Command("inspect", "Show what a c1z file holds (v1/SQLite); without a subcommand, stats.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        inspect.Arguments.Add(file);
        inspect.Options.Add(output);
        inspect.Options.Add(syncId);
        inspect.SetAction(r => Run(r, common, null, v => v.Stats()));

        inspect.Subcommands.Add(Subcommand("stats", "Row counts per table and resource type", common,
            (_, v) => v.Stats()));
        inspect.Subcommands.Add(Subcommand("resource-types", "List resource types", common,
            (_, v) => v.ResourceTypes()));

        var resourceType = new Option<string?>("--resource-type", "-t") { Description = "Resource type id" };
        var resources = Subcommand("resources", "List resources", common,
            (r, v) => v.Resources(r.GetValue(resourceType)));
        resources.Options.Add(resourceType);
        inspect.Subcommands.Add(resources);

        var entitlements = Subcommand("entitlements", "List entitlements", common,
            (r, v) => v.Entitlements(r.GetValue(resourceType)));
        entitlements.Options.Add(resourceType);
        inspect.Subcommands.Add(entitlements);

        var resource = new Option<string?>("--resource", "-r") { Description = "Resource id (needs -t)" };
        var entitlement = new Option<string?>("--entitlement", "-e") { Description = "Entitlement id" };
        var grants = Subcommand("grants", "List grants", common,
            (r, v) => v.Grants(new C1zGrantFilter(r.GetValue(resourceType), r.GetValue(resource),
                r.GetValue(entitlement))),
            r => r.GetValue(resource) is not null && r.GetValue(resourceType) is null
                ? "--resource needs --resource-type"
                : null);
        grants.Options.Add(resourceType);
        grants.Options.Add(resource);
        grants.Options.Add(entitlement);
        inspect.Subcommands.Add(grants);
        return inspect;
    }

    private static Argument<string?> FileArgument() => new("file")
    {
        Description = "Path to the c1z file",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static Command Subcommand(string name, string description, CommonSymbols common,
        Action<ParseResult, InspectRenderer> render, Func<ParseResult, string?>? validate = null)
    {
        var file = FileArgument();
        var command = new Command(name, description) { TreatUnmatchedTokensAsErrors = false };
        command.Arguments.Add(file);
        command.SetAction(r => Run(r, common, file, v => render(r, v), validate));
        return command;
    }

    private static int Run(ParseResult result, CommonSymbols common, Argument<string?>? ownFile,
        Action<InspectRenderer> render, Func<ParseResult, string?>? validate = null)
    {
        var stdout = result.InvocationConfiguration.Output;
        var stderr = result.InvocationConfiguration.Error;
        var path = (ownFile is null ? null : result.GetValue(ownFile)) ?? result.GetValue(common.File);
        var format = result.GetValue(common.Output);
        var usageError =
            result.UnmatchedTokens.Count > 0 ? $"unexpected argument '{result.UnmatchedTokens[0]}'"
            : string.IsNullOrWhiteSpace(path) ? "missing <file>: the c1z file to inspect"
            : format is not ("console" or "json") ? $"--output must be console or json, not '{format}'"
            : validate?.Invoke(result);
        if (usageError is not null)
        {
            stderr.WriteLine($"error: {usageError}");
            return ExitUsage;
        }

        try
        {
            using var reader = C1zReader.Open(path!);
            if (result.GetValue(common.SyncId) is { } syncId)
            {
                reader.SelectSync(syncId);
            }

            render(new InspectRenderer(reader, stdout, format == "json"));
            return ExitOk;
        }
        catch (C1zException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return e.Kind == C1zErrorKind.Usage ? ExitUsage : ExitBadFile;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException
                                      or Google.Protobuf.InvalidProtocolBufferException
                                      or Microsoft.Data.Sqlite.SqliteException)
        {
            stderr.WriteLine($"error: cannot read '{path}': {e.Message.ReplaceLineEndings(" ")}");
            return ExitBadFile;
        }
    }

    private sealed record CommonSymbols(Argument<string?> File, Option<string> Output, Option<string?> SyncId);
}
