namespace BatonClerk.Engine.Service;

/// <summary>
/// Hands out debug log paths in the service temp directory: <c>debug.log</c>, as the SDK names it, unless another
/// debug task of this runner holds it right now; then <c>debug-&lt;task id&gt;.log</c>, so two debug tasks in two
/// slots never write into (or upload) each other's file. The SDK shares one file between them.
/// </summary>
internal sealed class DebugLogPaths(string directory)
{
    private readonly HashSet<string> _held = new(StringComparer.Ordinal);

    public string Claim(string taskId)
    {
        lock (_held)
        {
            var path = Path.Combine(directory, TaskDebugLog.FileName);
            if (!_held.Add(path))
            {
                // The id names a file only when it cannot leave the directory.
                var suffix = taskId.Length > 0 && taskId.All(char.IsAsciiLetterOrDigit) ? taskId : Guid.NewGuid().ToString("N");
                path = Path.Combine(directory, $"debug-{suffix}.log");
                _held.Add(path);
            }

            return path;
        }
    }

    public void Release(string path)
    {
        lock (_held)
        {
            _held.Remove(path);
        }
    }
}
