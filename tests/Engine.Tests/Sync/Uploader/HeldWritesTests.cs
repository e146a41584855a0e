using Akka.Actor;
using BatonClerk.Engine.C1z;
using BatonClerk.Engine.Sync.Uploader;
using BatonClerk.Engine.Tests.C1z;

namespace BatonClerk.Engine.Tests.Sync.Uploader;

public sealed class HeldWritesTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static C1zRows UsersRows(params string[] ids) =>
        C1zRows.Encode([.. ids.Select(id => SampleData.User(id, parentOrg: "org_1"))], [], []);

    private static C1zRows GrantsRows() =>
        C1zRows.Encode([SampleData.Org("org_1")], [SampleData.Member("org_1")], [SampleData.Grant("org_1", "user_1"), SampleData.Grant("org_1", "user_2")]);

    private static StorePage Page(string key, C1zRows rows) => new("users", key, [], [], [], rows.Count) { Rows = rows };

    // Every column of every row, as the store would bind them.
    private static List<byte[]?> Columns(C1zRows rows)
    {
        var spans = (rows.Resources * C1zRows.ResourceFields) + (rows.Entitlements * C1zRows.EntitlementFields) + (rows.Grants * C1zRows.GrantFields);
        var columns = new List<byte[]?>();
        for (var i = 0; i < spans; i++)
        {
            columns.Add(rows.TryGet(i, out var value) ? value.ToArray() : null);
        }

        return columns;
    }

    [Fact]
    public void TryTake_PagesSpooledBetweenOtherWrites_ComeBackInOrderWithEveryColumn()
    {
        using var held = new HeldWrites(_dir.Path);
        var state = new SaveState([new("k", "v")]);
        var types = new StoreResourceTypes([SampleData.UserType()]);
        held.Hold(state, ActorRefs.Nobody);
        held.Hold(Page("users:1", UsersRows("user_1", "user_2", "user_3")), ActorRefs.Nobody);
        held.Hold(types, ActorRefs.Nobody);
        held.Hold(Page("users:2", GrantsRows()), ActorRefs.Nobody);

        Assert.Equal(4, held.Count);
        Assert.True(held.SpooledBytes > 0);
        // The spool is unlinked at once: a killed process leaves nothing beside the working file.
        Assert.Empty(Directory.GetFileSystemEntries(_dir.Path));

        Assert.True(held.TryTake(out var first, out _));
        Assert.Same(state, first);
        Assert.True(held.TryTake(out var second, out _));
        using (var rows = Assert.IsType<StorePage>(second).Rows!)
        {
            using var expected = UsersRows("user_1", "user_2", "user_3");
            Assert.Equal("users:1", ((StorePage)second).Key);
            Assert.Equal((3, 0, 0), (rows.Resources, rows.Entitlements, rows.Grants));
            Assert.Equal(Columns(expected), Columns(rows));
        }

        Assert.True(held.TryTake(out var third, out _));
        Assert.Same(types, third);
        Assert.True(held.TryTake(out var fourth, out _));
        using (var rows = Assert.IsType<StorePage>(fourth).Rows!)
        {
            using var expected = GrantsRows();
            Assert.Equal((1, 1, 2), (rows.Resources, rows.Entitlements, rows.Grants));
            Assert.Equal(Columns(expected), Columns(rows));
        }

        Assert.False(held.TryTake(out _, out _));
        Assert.Equal(0, held.SpooledBytes);
    }

    [Fact]
    public void Hold_AfterEverythingWasTaken_SpoolsTheNextPagesFromTheStart()
    {
        using var held = new HeldWrites(_dir.Path);
        held.Hold(Page("a", UsersRows("user_1")), ActorRefs.Nobody);
        Assert.True(held.TryTake(out var a, out _));
        ((StorePage)a).Rows!.Dispose();
        Assert.False(held.TryTake(out _, out _));

        held.Hold(Page("b", UsersRows("user_9", "user_8")), ActorRefs.Nobody);
        Assert.True(held.TryTake(out var b, out _));
        using var rows = ((StorePage)b).Rows!;
        using var expected = UsersRows("user_9", "user_8");
        Assert.Equal(Columns(expected), Columns(rows));
    }

    [Fact]
    public void Hold_NoSpoolDirectory_KeepsTheRowsThemselves()
    {
        using var held = new HeldWrites(spoolDirectory: null);
        var rows = UsersRows("user_1");
        held.Hold(Page("a", rows), ActorRefs.Nobody);

        Assert.Equal(0, held.SpooledBytes);
        Assert.True(held.TryTake(out var taken, out _));
        Assert.Same(rows, ((StorePage)taken).Rows);
        rows.Dispose();
    }

    [Fact]
    public void Dispose_PagesStillHeld_ReleasesTheirRows()
    {
        var held = new HeldWrites(spoolDirectory: null);
        var rows = UsersRows("user_1");
        held.Hold(Page("a", rows), ActorRefs.Nobody);

        held.Dispose();

        Assert.Throws<ObjectDisposedException>(() => rows.TryGet(0, out _));
    }
}
