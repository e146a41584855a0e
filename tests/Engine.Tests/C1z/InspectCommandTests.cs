using System.CommandLine;
using System.Text.Json;
using BatonClerk.Host.Commands;

namespace BatonClerk.Engine.Tests.C1z;

/// <summary>Runs `baton-clerk inspect` in-process through the real root command, capturing its writers.</summary>
public sealed class InspectCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CommandLineApp.Build().Parse(args)
            .Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private string Sample()
    {
        var path = _dir.File("sample.c1z");
        using var writer = BatonClerk.Engine.C1z.C1zWriter.Create(path);
        writer.PutResourceTypes([SampleData.UserType(), SampleData.OrgType()]);
        writer.PutResources([SampleData.Org("org_1"), SampleData.User("user_1", "org_1")]);
        writer.PutEntitlements([SampleData.Member("org_1")]);
        writer.PutGrants([SampleData.Grant("org_1", "user_1")]);
        writer.Complete();
        return path;
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(l => l.TrimEnd('\r')).ToArray();

    [Fact]
    public void Inspect_BareFile_PrintsStatsSortedByKey()
    {
        var (exit, output, error) = Run("inspect", Sample());

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        var keys = Lines(output).Skip(2).Select(l => l.Split(' ')[0]).ToArray();
        Assert.Equal(["entitlements", "grants", "organization", "resource_types", "user"], keys);
        Assert.Matches(@"^resource_types\s+2$", Lines(output).Single(l => l.StartsWith("resource_types")));
    }

    [Fact]
    public void InspectStats_UpstreamFixture_CountsEveryTable()
    {
        var (exit, output, _) = Run("inspect", "stats", _dir.CopyFixture("upstream-full-sync.c1z"));

        Assert.Equal(0, exit);
        Assert.Contains(Lines(output), l => l.StartsWith("grants") && l.EndsWith(" 66601"));
        Assert.Contains(Lines(output), l => l.StartsWith("user ") && l.EndsWith(" 35000"));
    }

    [Fact]
    public void InspectResourceTypes_Console_ShowsTraitEnumNames()
    {
        var (exit, output, _) = Run("inspect", "resource-types", Sample());

        Assert.Equal(0, exit);
        var lines = Lines(output);
        Assert.Matches(@"^ID\s+Display Name\s+Traits$", lines[0]);
        Assert.Matches(@"^user\s+User\s+TRAIT_USER$", lines[2]);
    }

    [Fact]
    public void InspectResources_FilterByType_ShowsParentDisplay()
    {
        var (exit, output, _) = Run("inspect", "resources", Sample(), "-t", "user");

        Assert.Equal(0, exit);
        var lines = Lines(output);
        Assert.Matches(@"^ID\s+Display Name\s+Resource Type\s+Parent Resource$", lines[0]);
        Assert.Matches(@"^user_1\s+User user_1\s+User\s+Org org_1 \(Organization\)$", lines[2]);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public void InspectEntitlements_Console_ShowsPermissionSlug()
    {
        var (exit, output, _) = Run("inspect", "entitlements", Sample());

        Assert.Equal(0, exit);
        Assert.Matches(@"^organization:org_1:member\s+member\s+Organization\s+Org org_1\s+member$", Lines(output)[2]);
    }

    [Fact]
    public void InspectGrants_ByEntitlement_ShowsDisplayNames()
    {
        var (exit, output, _) = Run("inspect", "grants", Sample(), "-e", "organization:org_1:member");

        Assert.Equal(0, exit);
        var lines = Lines(output);
        Assert.Matches(@"^ID\s+Resource Type\s+Resource\s+Entitlement\s+Principal$", lines[0]);
        Assert.Matches(@"^organization:org_1:member:user:user_1\s+Organization\s+Org org_1\s+member\s+User user_1$",
            lines[2]);
    }

    [Fact]
    public void InspectGrants_Json_IsArrayOfProtoJsonGrants()
    {
        var (exit, output, _) = Run("inspect", "grants", Sample(), "-o", "json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var grant = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("organization:org_1:member:user:user_1", grant.GetProperty("id").GetString());
        Assert.Equal("user_1", grant.GetProperty("principal").GetProperty("id").GetProperty("resource").GetString());
    }

    [Fact]
    public void InspectResources_JsonWithUnknownAnnotations_StillPrintsAllRows()
    {
        var (exit, output, error) =
            Run("inspect", "entitlements", _dir.CopyFixture("upstream-full-sync.c1z"), "--output", "json");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(334, json.RootElement.GetArrayLength());
    }

    [Fact]
    public void InspectStats_Json_HasCounts()
    {
        var (exit, output, _) = Run("inspect", "stats", Sample(), "-o", "json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(1, json.RootElement.GetProperty("stats").GetProperty("grants").GetInt64());
    }

    [Fact]
    public void Inspect_V3File_ExitsOneWithSingleLineError()
    {
        var path = _dir.File("v3.c1z");
        File.WriteAllBytes(path, [.. "C1Z3\0"u8, 0, 0, 0, 0]);

        var (exit, output, error) = Run("inspect", path);

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Single(Lines(error));
        Assert.Contains("pebble (v3) c1z is not supported", error);
    }

    [Fact]
    public void Inspect_BadOutputFormat_ExitsTwo()
    {
        var (exit, _, error) = Run("inspect", "stats", Sample(), "-o", "yaml");

        Assert.Equal(2, exit);
        Assert.Contains("--output", error);
    }

    [Fact]
    public void InspectGrants_ResourceWithoutType_ExitsTwo()
    {
        var (exit, _, error) = Run("inspect", "grants", Sample(), "-r", "org_1");

        Assert.Equal(2, exit);
        Assert.Contains("--resource-type", error);
    }

    [Fact]
    public void Inspect_UnknownSyncId_ExitsTwo()
    {
        var (exit, _, error) = Run("inspect", "resources", Sample(), "--sync-id", "nope");

        Assert.Equal(2, exit);
        Assert.Contains("nope", error);
    }

    [Fact]
    public void Inspect_MissingFile_ExitsTwo()
    {
        var (exit, _, error) = Run("inspect", "grants");

        Assert.Equal(2, exit);
        Assert.Contains("<file>", error);
    }

    [Fact]
    public void InspectResourceTypes_Json_KeepsTheSkipEntitlementsAndGrantsAnnotation()
    {
        var path = _dir.File("types.c1z");
        using (var writer = BatonClerk.Engine.C1z.C1zWriter.Create(path))
        {
            writer.PutResourceTypes(BatonClerk.Engine.Mapping.ResourceTypes.All);
            writer.Complete();
        }

        var (exit, output, _) = Run("inspect", "resource-types", path, "-o", "json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var annotated = json.RootElement.EnumerateArray()
            .Where(t => t.TryGetProperty("annotations", out var a) && a.EnumerateArray().Any(x =>
                x.GetProperty("@type").GetString() == "type.googleapis.com/c1.connector.v2.SkipEntitlementsAndGrants"))
            .Select(t => t.GetProperty("id").GetString());
        Assert.Equal(["user", "role", "permission"], annotated);
    }
}
