using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using BatonClerk.Engine.Clerk;

namespace BatonClerk.Engine.Tests.Clerk;

/// <summary>
/// The committed trimmed spec must hold every operation the client sends, or the Prism contract tests would only
/// say "no route". Runs without Prism: the client talks to a recording handler, the spec is read as text.
/// </summary>
public sealed class ClerkSpecCoverageTests
{
    private static readonly Dictionary<string, Func<IClerkApi, Task>> CallPerMethod = new()
    {
        [nameof(IClerkApi.ListUsersAsync)] = c => c.ListUsersAsync(new UserListQuery(10), CancellationToken.None),
        [nameof(IClerkApi.CountUsersAsync)] = c => c.CountUsersAsync(new UserCountQuery(), CancellationToken.None),
        [nameof(IClerkApi.ListOrganizationsAsync)] = c => c.ListOrganizationsAsync(new PageQuery(10, 0), CancellationToken.None),
        [nameof(IClerkApi.ListRolesAsync)] = c => c.ListRolesAsync(new PageQuery(10, 0), CancellationToken.None),
        [nameof(IClerkApi.ListRoleSetsAsync)] = c => c.ListRoleSetsAsync(new PageQuery(10, 0), CancellationToken.None),
        [nameof(IClerkApi.ListPermissionsAsync)] = c => c.ListPermissionsAsync(new PageQuery(10, 0), CancellationToken.None),
        [nameof(IClerkApi.ListOrganizationMembershipsAsync)] = c =>
            c.ListOrganizationMembershipsAsync("org_2abc", new PageQuery(10, 0), CancellationToken.None),
        [nameof(IClerkApi.ListInstanceMembershipsAsync)] = c => c.ListInstanceMembershipsAsync(new PageQuery(10, 0), CancellationToken.None),
        [nameof(IClerkApi.GetOrganizationAsync)] = c => c.GetOrganizationAsync("org_2abc", CancellationToken.None),
        [nameof(IClerkApi.GetUserAsync)] = c => c.GetUserAsync("user_2abc", CancellationToken.None),
    };

    public static TheoryData<string> Methods => [.. CallPerMethod.Keys];

    // The write and role-set endpoints the connector is to use next; the trim keeps them ready for Prism.
    public static TheoryData<string> Planned =>
    [
        "POST /organizations/{organization_id}/memberships",
        "PATCH /organizations/{organization_id}/memberships/{user_id}",
        "DELETE /organizations/{organization_id}/memberships/{user_id}",
        "GET /role_sets",
        "GET /role_sets/{role_set_key_or_id}",
    ];

    [Fact]
    public void CallTable_CoversEveryClientMethod()
    {
        var declared = typeof(IClerkApi).GetMethods().Select(m => m.Name).Order(StringComparer.Ordinal);

        Assert.Equal(declared, CallPerMethod.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task ClientMethod_SentOperation_IsInTrimmedSpec(string method)
    {
        var recorder = new RequestRecorder();
        using var client = new ClerkClient(new ClerkClientOptions
        {
            SecretKey = "sk_test_speccoverage",
            BaseUrl = "http://127.0.0.1:9/v1",
            MaxRetryAttempts = 0,
            HttpMessageHandler = recorder,
        });

        // Only the request matters; whether the canned body parses for this endpoint does not.
        await Record.ExceptionAsync(() => CallPerMethod[method](client));

        var sent = Assert.Single(recorder.Sent);
        var operations = SpecOperations.Load(PrismProcess.SpecPath());
        Assert.True(operations.Any(o => o.Matches(sent.Method, sent.Path)),
            $"{method} sends {sent.Method} {sent.Path}, which the trimmed spec lacks: rerun scripts/trim-clerk-spec.py with that path.");
    }

    [Theory]
    [MemberData(nameof(Planned))]
    public void TrimmedSpec_PlannedOperation_IsPresent(string operation)
    {
        var operations = SpecOperations.Load(PrismProcess.SpecPath());

        Assert.Contains(operation, operations.Select(o => o.ToString()));
    }

    [Fact]
    public void SpecOperations_PathTemplate_MatchesOneSegmentOnly()
    {
        var operation = new SpecOperations.Operation("GET", "/organizations/{organization_id}/memberships");

        Assert.True(operation.Matches("GET", "/organizations/org_1/memberships"));
        Assert.False(operation.Matches("GET", "/organizations/org_1/x/memberships"));
        Assert.False(operation.Matches("POST", "/organizations/org_1/memberships"));
    }

    private sealed class RequestRecorder : HttpMessageHandler
    {
        public List<(string Method, string Path)> Sent { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            Sent.Add((request.Method.Method, path.StartsWith("/v1/", StringComparison.Ordinal) ? path[3..] : path));
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("""{"data":[],"total_count":0}""", Encoding.UTF8, "application/json"),
            });
        }
    }
}

/// <summary>
/// The operations of the trimmed spec, read from its fixed layout (the generator writes paths at two spaces and
/// their methods at four), so the check needs no YAML library.
/// </summary>
internal static class SpecOperations
{
    private static readonly HashSet<string> HttpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    public static IReadOnlyList<Operation> Load(string specPath)
    {
        var operations = new List<Operation>();
        var inPaths = false;
        string? path = null;
        foreach (var line in File.ReadLines(specPath))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (!line.StartsWith(' '))
            {
                inPaths = line == "paths:";
                path = null;
            }
            else if (inPaths && line.StartsWith("  /", StringComparison.Ordinal) && line.EndsWith(':'))
            {
                path = line[2..^1].Trim('\'', '"');
            }
            else if (inPaths && path is not null && line.Length > 5 && line[4] != ' ' && line.StartsWith("    ", StringComparison.Ordinal)
                     && line.EndsWith(':') && HttpMethods.Contains(line[4..^1]))
            {
                operations.Add(new Operation(line[4..^1].ToUpperInvariant(), path));
            }
        }

        return operations;
    }

    public sealed record Operation(string Method, string PathTemplate)
    {
        public bool Matches(string method, string path) =>
            method == Method && Regex.IsMatch(path, "^" + Regex.Replace(Regex.Escape(PathTemplate), @"\\\{[^/]+?}", "[^/]+") + "$");

        public override string ToString() => $"{Method} {PathTemplate}";
    }
}
