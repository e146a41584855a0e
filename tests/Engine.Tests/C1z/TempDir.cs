namespace BatonClerk.Engine.Tests.C1z;

/// <summary>A scratch directory per test, removed afterwards.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "c1z-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Fixtures are read-only and opening SQLite can write, so tests always work on copies.</summary>
    public string CopyFixture(string name)
    {
        var target = File(name);
        System.IO.File.Copy(System.IO.Path.Combine(Fixtures.Directory, name), target);
        return target;
    }

    public string[] Entries() => Directory.GetFileSystemEntries(Path).Select(System.IO.Path.GetFileName).ToArray()!;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The upstream c1z files (tests/Engine.Tests/Fixtures/c1z), copied beside the test assembly by the build.</summary>
internal static class Fixtures
{
    public static string Directory { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "c1z");
}
