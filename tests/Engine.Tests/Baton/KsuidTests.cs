using BatonClerk.Engine.Baton;

namespace BatonClerk.Engine.Tests.Baton;

public sealed class KsuidTests
{
    // Vectors derived by hand from the definition: 20 bytes read as one big-endian number, in 27 base62 digits.
    [Fact]
    public void Encode_AllZeroBytes_IsTwentySevenZeros() =>
        Assert.Equal(new string('0', 27), Ksuid.Encode(new byte[20]));

    [Fact]
    public void Encode_LastByteOne_EndsInOne() =>
        Assert.Equal(new string('0', 26) + "1", Ksuid.Encode([.. new byte[19], 1]));

    [Fact]
    public void Encode_LastByte62_CarriesIntoSecondDigit() =>
        Assert.Equal(new string('0', 25) + "10", Ksuid.Encode([.. new byte[19], 62]));

    [Fact]
    public void Encode_AllOnes_IsTheLargestKsuid() =>
        // 2^160 - 1 in base 62; segmentio documents this maximum string.
        Assert.Equal("aWgEPTl1tmebfsQzFP4bxwgy80V", Ksuid.Encode(Enumerable.Repeat((byte)0xFF, 20).ToArray()));

    [Fact]
    public void New_AtEpoch_HasZeroTimestampPrefix()
    {
        var id = Ksuid.New(DateTimeOffset.FromUnixTimeSeconds(Ksuid.EpochSeconds), new byte[16]);
        Assert.Equal(new string('0', 27), id);
    }

    [Fact]
    public void New_RoundTripsTimestampAndPayload()
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(1_765_000_000);
        var payload = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        var id = Ksuid.New(at, payload);
        Assert.Equal(27, id.Length);
        Assert.Equal(at, Ksuid.Timestamp(id));
        Assert.Equal(payload, Ksuid.Decode(id)[4..]);
    }

    [Fact]
    public void New_LaterSecond_SortsAfterEarlierWhateverThePayload()
    {
        var early = Ksuid.New(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), Enumerable.Repeat((byte)0xFF, 16).ToArray());
        var late = Ksuid.New(DateTimeOffset.FromUnixTimeSeconds(1_700_000_001), new byte[16]);
        Assert.True(string.CompareOrdinal(early, late) < 0);
    }

    [Fact]
    public void Decode_UpstreamFixtureSyncId_GivesItsDecember2025StartTime()
    {
        // The Go SDK named this fixture's sync; the fixture README says it started 2025-12-17.
        var at = Ksuid.Timestamp("36zGvJw3uxU1QMJKU2yPVQ1hBOC");
        Assert.Equal(new DateOnly(2025, 12, 17), DateOnly.FromDateTime(at.UtcDateTime));
    }
}
