using System.Runtime.InteropServices;

namespace BatonClerk.Engine.C1z;

/// <summary>
/// Gives the C heap's free pages back to the system (glibc's <c>malloc_trim</c>). SQLite allocates from the C heap,
/// and glibc keeps a heap per thread: pages the store's thread frees stay resident in its heap, where an index build
/// on another thread cannot reuse them. A no-op where the C library has no such call (musl, macOS, Windows).
/// </summary>
internal static class NativeHeap
{
    private static bool _unavailable = !OperatingSystem.IsLinux();

    public static void Trim()
    {
        if (_unavailable)
        {
            return;
        }

        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _unavailable = true;
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
