using System.Text;
using BatonClerk.Engine.C1z;

namespace BatonClerk.Engine.Tests.C1z;

public sealed class RowKeysTests
{
    [Fact]
    public void Add_SameIdTwice_MaybeRepeated()
    {
        var keys = new RowKeys();
        keys.Add("organization:org_1:member:user:user_1"u8);
        Assert.False(keys.MaybeRepeated);
        keys.Add("organization:org_1:member:user:user_1"u8);
        Assert.True(keys.MaybeRepeated);
    }

    [Fact]
    public void Add_ManyDistinctIdsSharingPrefixes_NoRepeatAndAllKeptThroughGrowth()
    {
        var keys = new RowKeys();
        for (var i = 0; i < 300_000; i++)
        {
            keys.Add(Encoding.UTF8.GetBytes($"organization:org_{i % 97}:member:user:user_{i:D9}"));
        }

        Assert.False(keys.MaybeRepeated);
        Assert.Equal(300_000, keys.Count);
        // An id from before every resize is still found.
        keys.Add(Encoding.UTF8.GetBytes($"organization:org_{5 % 97}:member:user:user_{5:D9}"));
        Assert.True(keys.MaybeRepeated);
    }

    [Fact]
    public void Hash_IdsDifferingInOneByteOrLength_Differ()
    {
        Assert.NotEqual(RowKeys.Hash("user:user_1"u8), RowKeys.Hash("user:user_2"u8));
        Assert.NotEqual(RowKeys.Hash("user:user_1"u8), RowKeys.Hash("user:user_1\0"u8));
        Assert.NotEqual(RowKeys.Hash("abcdefgh"u8), RowKeys.Hash("abcdefgi"u8));
    }
}
