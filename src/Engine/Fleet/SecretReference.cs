namespace BatonClerk.Engine.Fleet;

/// <summary>
/// A fleet secret is a literal, <c>env:NAME</c> (an environment variable of this node) or <c>file:/path</c> (the
/// file's content, trailing newline trimmed), so the fleet file itself need not hold secrets.
/// </summary>
internal static class SecretReference
{
    /// <summary>The secret, or null with <paramref name="problem"/> saying why (never quoting the value).</summary>
    public static string? Resolve(string value, Func<string, string?> environment, Func<string, string> readFile, out string? problem)
    {
        problem = null;
        if (value.StartsWith("env:", StringComparison.Ordinal))
        {
            var name = value["env:".Length..];
            if (name.Length == 0)
            {
                problem = "env: names no variable";
                return null;
            }

            var found = environment(name);
            if (string.IsNullOrEmpty(found))
            {
                problem = $"environment variable {name} is not set";
                return null;
            }

            return found;
        }

        if (value.StartsWith("file:", StringComparison.Ordinal))
        {
            var path = value["file:".Length..];
            if (path.Length == 0)
            {
                problem = "file: names no path";
                return null;
            }

            try
            {
                var content = readFile(path).TrimEnd('\r', '\n');
                if (content.Length == 0)
                {
                    problem = $"file {path} is empty";
                    return null;
                }

                return content;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                problem = $"file {path} cannot be read ({e.GetType().Name})";
                return null;
            }
        }

        return value;
    }
}
