using System.CommandLine;
using BatonClerk.Engine.C1z;
using BatonClerk.Host.Commands.Inspect;

namespace BatonClerk.Host.Commands;

/// <summary>
/// `inspect &lt;file&gt; [stats|resource-types|resources|entitlements|grants|diff]`: the Go `baton` CLI's read-only
/// views of a v1 c1z, plus a grant diff between two syncs. Exit codes: 0 ok, 1 unreadable file, 2 usage or nothing
/// to compare.
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
        inspect.Subcommands.Add(Diff(common));
        return inspect;
    }

    /// <summary>`inspect diff FILE` compares a file's two latest finished full syncs, `inspect diff OLD NEW` two files.</summary>
    private static Command Diff(CommonSymbols common)
    {
        var older = FileArgument();
        var newer = new Argument<string?>("new-file")
        {
            Description = "A second c1z: compare the latest sync of <file> with the latest sync of this one",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("diff",
            "Grants added and removed (organization memberships and roles) between a file's two latest finished "
            + "full syncs, or between two files")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.Arguments.Add(older);
        command.Arguments.Add(newer);
        command.SetAction(r =>
        {
            var stderr = r.InvocationConfiguration.Error;
            var oldPath = r.GetValue(older) ?? r.GetValue(common.File);
            var newPath = r.GetValue(newer);
            var usageError = UsageError(r, common, oldPath)
                ?? (r.GetValue(common.SyncId) is not null ? "--sync-id does not apply to diff: it compares the latest finished full syncs" : null);
            if (usageError is not null)
            {
                stderr.WriteLine($"error: {usageError}");
                return ExitUsage;
            }

            var json = r.GetValue(common.Output) == "json";
            return Guarded(newPath ?? oldPath!, stderr, () =>
            {
                using var oldFile = C1zReader.Open(oldPath!);
                using var newFile = newPath is null ? null : C1zReader.Open(newPath);
                var (oldSync, newSync, nothing) = newFile is null
                    ? Latest2(oldFile, oldPath!)
                    : Latest1(oldFile, oldPath!, newFile, newPath!);
                if (nothing is not null)
                {
                    stderr.WriteLine($"error: nothing to compare: {nothing}");
                    return ExitUsage;
                }

                var diff = C1zGrantDiff.Compare(oldFile, oldSync!, newFile ?? oldFile, newSync!);
                new DiffRenderer(r.InvocationConfiguration.Output, json).Write(diff);
                return ExitOk;
            });
        });
        return command;
    }

    private static (C1zSyncRun? Old, C1zSyncRun? New, string? Nothing) Latest2(C1zReader file, string path)
    {
        var finished = file.FinishedSyncs();
        return finished.Count >= 2
            ? (finished[1], finished[0], null)
            : (null, null, $"'{path}' holds {finished.Count} finished full sync{(finished.Count == 1 ? "" : "s")}; "
                + "diff needs two, or a second file");
    }

    private static (C1zSyncRun? Old, C1zSyncRun? New, string? Nothing) Latest1(C1zReader oldFile, string oldPath,
        C1zReader newFile, string newPath)
    {
        var old = oldFile.FinishedSyncs().FirstOrDefault();
        var @new = newFile.FinishedSyncs().FirstOrDefault();
        return old is null ? (null, null, $"'{oldPath}' holds no finished full sync")
            : @new is null ? (null, null, $"'{newPath}' holds no finished full sync")
            : old.SyncId == @new.SyncId ? (null, null, $"both files' latest finished full sync is {old.SyncId}")
            : (old, @new, null);
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
        var usageError = UsageError(result, common, path) ?? validate?.Invoke(result);
        if (usageError is not null)
        {
            stderr.WriteLine($"error: {usageError}");
            return ExitUsage;
        }

        return Guarded(path!, stderr, () =>
        {
            using var reader = C1zReader.Open(path!);
            if (result.GetValue(common.SyncId) is { } syncId)
            {
                reader.SelectSync(syncId);
            }

            render(new InspectRenderer(reader, stdout, result.GetValue(common.Output) == "json"));
            return ExitOk;
        });
    }

    private static string? UsageError(ParseResult result, CommonSymbols common, string? path)
    {
        var format = result.GetValue(common.Output);
        return result.UnmatchedTokens.Count > 0 ? $"unexpected argument '{result.UnmatchedTokens[0]}'"
            : string.IsNullOrWhiteSpace(path) ? "missing <file>: the c1z file to inspect"
            : format is not ("console" or "json") ? $"--output must be console or json, not '{format}'"
            : null;
    }

    /// <summary>Maps every way reading can fail to a one-line error and its exit code.</summary>
    private static int Guarded(string path, TextWriter stderr, Func<int> read)
    {
        try
        {
            return read();
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
