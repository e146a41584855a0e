namespace BatonClerk.Engine.C1z;

/// <summary>Removes what killed runs leave beside a target: packed temp files and throwaway working databases.</summary>
internal static class StaleFiles
{
    public static void Remove(string directory, string targetName)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var pattern in new[] { $".{targetName}.*.tmp", $".{targetName}.*.sqlite", $".{targetName}.*.sqlite-*" })
        {
            foreach (var file in Directory.EnumerateFiles(directory, pattern))
            {
                if (file.Contains(".resumable.sqlite", StringComparison.Ordinal))
                {
                    continue;
                }

                try
                {
                    File.Delete(file);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Another process may be using it; leave it.
                }
            }
        }
    }
}
