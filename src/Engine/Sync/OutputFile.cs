namespace BatonClerk.Engine.Sync;

/// <summary>Checks an output path before any request is made, so a bad path fails in a second, not after the sync.</summary>
internal static class OutputFile
{
    public static void Validate(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("file must not be empty");
        }

        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new ArgumentException($"file '{path}' is a directory");
        }

        var directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
        {
            throw new ArgumentException($"the directory of file '{path}' does not exist");
        }

        var probe = Path.Combine(directory, $".baton-clerk-probe-{Guid.NewGuid():N}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new ArgumentException($"the directory of file '{path}' is not writable");
        }
    }
}
