using Google.Protobuf;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.C1z;
using Microsoft.Data.Sqlite;

namespace BatonClerk.Engine.Tests.C1z;

/// <summary>Pages encoded off the store's thread (C1zRows) must land exactly as the message methods write them.</summary>
public sealed class C1zRowsTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Resource[] Resources() =>
        [SampleData.Org("org_1"), SampleData.Org("org_2"), SampleData.User("user_1", parentOrg: "org_1"), SampleData.User("user_2")];

    private static Entitlement[] Entitlements() => [SampleData.Member("org_1"), SampleData.Member("org_2")];

    private static Grant[] Grants() =>
        [SampleData.Grant("org_1", "user_1"), SampleData.Grant("org_2", "user_1"), SampleData.Grant("org_1", "user_2")];

    [Fact]
    public void PutRows_WritesEveryColumnAsTheMessageMethodsDo()
    {
        var byMessages = Write("messages.c1z", writer =>
        {
            writer.PutResources(Resources());
            writer.PutEntitlements(Entitlements());
            writer.PutGrants(Grants());
        });
        var byRows = Write("rows.c1z", writer =>
        {
            using var rows = C1zRows.Encode(Resources(), Entitlements(), Grants());
            writer.PutRows(rows);
        });

        foreach (var table in new[] { C1zSchema.Resources, C1zSchema.Entitlements, C1zSchema.Grants })
        {
            var expected = Rows(byMessages, table);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, Rows(byRows, table));
        }
    }

    [Fact]
    public void Encode_EntitlementsSharingTheirResource_WritesEachAsItsOwnMessageAndLeavesThemWhole()
    {
        // An organization's member and role entitlements hold one Resource object, encoded once for all of them.
        var organization = SampleData.Org("org_1");
        var roles = new[] { new BatonClerk.Engine.Clerk.Models.ClerkRole { Id = "role_a", Key = "org:admin", Name = "Admin" }, new BatonClerk.Engine.Clerk.Models.ClerkRole { Id = "role_m", Key = "org:member" } };
        var entitlements = BatonClerk.Engine.Mapping.OrganizationMapper.Entitlements(organization, roles)
            .Concat(BatonClerk.Engine.Mapping.OrganizationMapper.Entitlements(SampleData.Org("org_2"), roles)).ToList();
        var expected = entitlements.Select(e => e.ToByteArray()).ToList();

        using var rows = C1zRows.Encode([], entitlements, []);

        Assert.Equal(6, rows.Entitlements);
        for (var i = 0; i < entitlements.Count; i++)
        {
            Assert.True(rows.TryGet((i * C1zRows.EntitlementFields) + C1zRows.EntitlementFields - 1, out var data));
            Assert.Equal(expected[i], data.ToArray());
            Assert.NotNull(entitlements[i].Resource);
        }

        Assert.Same(organization, entitlements[0].Resource);
    }

    [Fact]
    public void PutRows_RepeatedRowIsUpsertedLikeTheMessageMethods()
    {
        var path = Write("sync.c1z", writer =>
        {
            using (var first = C1zRows.Encode([SampleData.User("user_1")], [], [SampleData.Grant("org_1", "user_1")]))
            {
                writer.PutRows(first);
            }

            var renamed = SampleData.User("user_1");
            renamed.DisplayName = "Renamed";
            using var second = C1zRows.Encode([renamed], [], [SampleData.Grant("org_1", "user_1")]);
            writer.PutRows(second);
        });

        using var reader = C1zReader.Open(path, _dir.Path);
        Assert.Equal("Renamed", Assert.Single(reader.Resources()).DisplayName);
        Assert.Single(reader.Grants());
    }

    [Fact]
    public void Encode_InvalidRow_ThrowsLikeTheWriterAndCountsNothing()
    {
        var noId = SampleData.Grant("org_1", "user_1");
        noId.Id = "";

        var error = Assert.Throws<ArgumentException>(() => C1zRows.Encode([SampleData.User("user_1")], [], [noId]));
        Assert.Contains("grant id", error.Message, StringComparison.Ordinal);
        using var empty = C1zRows.Encode([], [], []);
        Assert.Equal(0, empty.Count);
    }

    private string Write(string name, Action<C1zWriter> put)
    {
        var path = _dir.File(name);
        using var writer = C1zWriter.Create(path);
        writer.PutResourceTypes([SampleData.UserType(), SampleData.OrgType()]);
        put(writer);
        writer.Complete();
        return path;
    }

    // Every column but the row id, the sync id and the discovery time, which differ between any two syncs.
    private List<string> Rows(string c1z, string table)
    {
        using var db = new SqliteConnection($"Data Source={C1zTestFiles.Decode(c1z, _dir)};Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = $"SELECT * FROM {table} ORDER BY external_id";
        using var reader = cmd.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            var cells = new List<string>();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (reader.GetName(i) is "id" or "sync_id" or "discovered_at")
                {
                    continue;
                }

                cells.Add(reader.IsDBNull(i) ? "NULL"
                    : reader.GetFieldType(i) == typeof(byte[]) ? Convert.ToHexString((byte[])reader.GetValue(i))
                    : $"{reader.GetFieldType(i).Name}:{reader.GetValue(i)}");
            }

            rows.Add(string.Join("|", cells));
        }

        return rows;
    }
}
