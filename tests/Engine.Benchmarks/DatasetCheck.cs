using System.Globalization;
using BatonClerk.Engine.Baton;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.C1z;
using BatonClerk.Simulator;

namespace BatonClerk.Benchmarks;

/// <summary>
/// After a benchmark sync: the c1z against the simulator's dataset, regenerated from the same options (the
/// generator is deterministic), table by table — every user (id, display name, login), organization (id, name),
/// role and permission id, entitlement id and grant id, no more and no fewer. A fast sync that lost a row is not a
/// result.
/// </summary>
internal static class DatasetCheck
{
    private const int Shown = 5;

    public static List<string> Compare(string c1zPath, SimDatasetOptions options)
    {
        var data = SimDataset.Generate(options);
        var problems = new List<string>();
        using var reader = C1zReader.Open(c1zPath);

        var users = data.Users.ToDictionary(u => u.Id, StringComparer.Ordinal);
        var seen = 0;
        foreach (var r in reader.Resources("user"))
        {
            seen++;
            if (!users.Remove(r.Id.Resource, out var u))
            {
                Add(problems, $"user {r.Id.Resource} is not in the dataset (or is there twice)");
                continue;
            }

            if (r.DisplayName != SimExpectedRows.DisplayName(u))
            {
                Add(problems, $"user {u.Id}: display name '{r.DisplayName}', expected '{SimExpectedRows.DisplayName(u)}'");
            }

            if (Annotations.Find<UserTrait>(r.Annotations)?.Login is var login && login != u.ExpectedLogin)
            {
                Add(problems, $"user {u.Id}: login '{login}', expected '{u.ExpectedLogin}'");
            }
        }

        foreach (var missing in users.Keys.Take(Shown))
        {
            Add(problems, $"user {missing} is missing");
        }

        SameSet(problems, "organization", data.Organizations.Select(o => $"{o.Id}\t{o.Name}"),
            reader.Resources("organization").Select(r => $"{r.Id.Resource}\t{r.DisplayName}"));
        SameSet(problems, "role", data.Roles.Select(r => r.Id), reader.Resources("role").Select(r => r.Id.Resource));
        SameSet(problems, "permission", data.Permissions.Select(p => p.Id), reader.Resources("permission").Select(r => r.Id.Resource));
        SameSet(problems, "entitlement", SimExpectedRows.EntitlementIds(data), reader.Entitlements().Select(e => e.Id));
        var syncId = reader.SelectedSync?.SyncId ?? "";
        SameSet(problems, "grant", SimExpectedRows.GrantIds(data), reader.GrantIdsInOrder(syncId));
        if (problems.Count == 0 && seen != data.Users.Count)
        {
            Add(problems, $"{seen} user rows for {data.Users.Count} users");
        }

        return problems;
    }

    /// <summary>One line for the benchmark's output.</summary>
    public static string Describe(List<string> problems, SimDatasetOptions options) => problems.Count == 0
        ? string.Create(CultureInfo.InvariantCulture, $"equal row for row ({options.Users} users, {options.Organizations} organizations, {options.EffectiveMemberships} memberships; every id and each user's name and login)")
        : $"DIFFERS: {string.Join("; ", problems.Take(Shown * 3))}";

    // Multisets, so a repeated row counts as a difference too.
    private static void SameSet(List<string> problems, string what, IEnumerable<string> expected, IEnumerable<string> actual)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in expected)
        {
            counts[e] = counts.GetValueOrDefault(e) + 1;
        }

        foreach (var a in actual)
        {
            var n = counts.GetValueOrDefault(a) - 1;
            if (n < 0)
            {
                Add(problems, $"{what} {a} is not in the dataset (or is there twice)");
            }

            counts[a] = n;
        }

        foreach (var (key, n) in counts.Where(c => c.Value > 0).Take(Shown))
        {
            Add(problems, $"{what} {key} is missing");
        }
    }

    private static void Add(List<string> problems, string problem)
    {
        if (problems.Count < 100)
        {
            problems.Add(problem);
        }
    }
}
