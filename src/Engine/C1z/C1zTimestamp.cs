using System.Globalization;

namespace BatonClerk.Engine.C1z;

/// <summary>
/// The SDK stores times as local wall-clock TEXT and compares them byte by byte, so the layout must match exactly:
/// a space separator, no zone, and a fraction with trailing zeros (and a bare dot) dropped.
/// </summary>
internal static class C1zTimestamp
{
    private const string Layout = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    public static string Now(TimeProvider time) => Format(time.GetLocalNow().DateTime);

    public static string Format(DateTime localWallClock) =>
        localWallClock.ToString(Layout, CultureInfo.InvariantCulture);
}
