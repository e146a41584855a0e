namespace BatonClerk.Engine.C1z;

/// <summary>
/// Where a writer keeps its working database. Apart from <see cref="C1zWriter"/> so that asking (a sync being
/// prepared asks before its store exists) does not load the writer and SQLite on the caller's thread.
/// </summary>
internal static class WorkingPaths
{
    /// <summary>The working database a resumable writer of <paramref name="targetPath"/> keeps, and finds again after a kill.</summary>
    public static string Resumable(string targetPath, string? workingDirectory)
    {
        var fullTarget = Path.GetFullPath(targetPath);
        var workDir = workingDirectory is null ? Path.GetDirectoryName(fullTarget)! : Path.GetFullPath(workingDirectory);
        return Path.Combine(workDir, $".{Path.GetFileName(fullTarget)}.resumable.sqlite");
    }
}
