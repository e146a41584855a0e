using System.Buffers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace BatonClerk.Engine.Service;

/// <summary>
/// One debug task's log file: every record of that task at debug level and above, one JSON object a line, whatever
/// level the process logs at. The current task's log flows with the async context (<see cref="Current"/>), as the
/// SDK carries its tee'd logger in the task's context; the sync's actors, which run elsewhere, are tapped by their
/// actor path instead. Known secrets and bearer tokens are masked before a line reaches the disk.
/// </summary>
internal sealed partial class TaskDebugLog : IDisposable
{
    /// <summary>The file name the SDK uses, in the service temp directory.</summary>
    public const string FileName = "debug.log";

    private const string Mask = "[REDACTED]";

    // Shorter strings would mask ordinary words; no secret this connector holds is that short.
    private const int MinSecretLength = 8;

    private static readonly AsyncLocal<TaskDebugLog?> CurrentLog = new();

    // A log file read by people and tools, never embedded in HTML: '+' and non-ASCII stay as they are.
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Lock _lock = new();
    private readonly FileStream _file;
    private readonly TimeProvider _time;
    private readonly List<string> _secrets = [];
    private readonly Action _release;
    private bool _closed;
    private int _disposed;

    private TaskDebugLog(string path, string taskId, FileStream file, TimeProvider time, Action release)
    {
        Path = path;
        TaskId = taskId;
        _file = file;
        _time = time;
        _release = release;
    }

    /// <summary>The debug log of the task whose code is running, or null.</summary>
    public static TaskDebugLog? Current => CurrentLog.Value;

    public string Path { get; }

    public string TaskId { get; }

    /// <summary>
    /// Creates (truncating) the task's file, or returns null after a warning when it cannot: as in the SDK, a
    /// debug log that cannot be written never fails the task.
    /// </summary>
    public static TaskDebugLog? TryOpen(DebugLogPaths paths, string taskId, TimeProvider time, IEnumerable<string?> secrets, ILogger logger)
    {
        var path = paths.Claim(taskId);
        try
        {
            var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
            var log = new TaskDebugLog(path, taskId, file, time, () => paths.Release(path));
            foreach (var secret in secrets)
            {
                log.AddSecret(secret);
            }

            return log;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            paths.Release(path);
            logger.LogWarning("Cannot create the debug log {Path} for task {TaskId}: {Message}", path, taskId, ex.Message);
            return null;
        }
    }

    /// <summary>Makes this the current task's log for the calling async flow (and what it starts), until it returns.</summary>
    public void MakeCurrent() => CurrentLog.Value = this;

    /// <summary>Masks every later occurrence of <paramref name="secret"/> (and of its last ':'-separated part).</summary>
    public void AddSecret(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < MinSecretLength)
        {
            return;
        }

        lock (_lock)
        {
            _secrets.Add(secret);

            // A C1 client secret's key part alone is as secret as the whole.
            var last = secret.LastIndexOf(':');
            if (last >= 0 && secret.Length - last - 1 >= MinSecretLength)
            {
                _secrets.Add(secret[(last + 1)..]);
            }

            // Longest first, so a secret that contains another is masked whole.
            _secrets.Sort((a, b) => b.Length.CompareTo(a.Length));
        }
    }

    public void Write(LogLevel level, string category, string message, Exception? exception)
    {
        if (level < LogLevel.Debug || level == LogLevel.None)
        {
            return;
        }

        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            var buffer = new ArrayBufferWriter<byte>(256);
            using (var json = new Utf8JsonWriter(buffer, JsonOptions))
            {
                json.WriteStartObject();
                json.WriteString("level", LevelName(level));
                json.WriteString("ts", _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
                json.WriteString("logger", category);
                json.WriteString("msg", Redact(message));
                json.WriteString("task_id", TaskId);
                if (exception is not null)
                {
                    // Type and message only: a stack trace says nothing C1 support needs, and is long.
                    json.WriteString("error", Redact($"{exception.GetType().Name}: {exception.Message}"));
                }

                json.WriteEndObject();
            }

            try
            {
                _file.Write(buffer.WrittenSpan);
                _file.WriteByte((byte)'\n');
            }
            catch (IOException)
            {
                // A full disk loses debug lines, never the task.
                _closed = true;
            }
        }
    }

    /// <summary>Flushes and closes the file; later records are dropped. The file stays until <see cref="Dispose"/>.</summary>
    public void Close()
    {
        lock (_lock)
        {
            if (_closed && !_file.CanWrite)
            {
                return;
            }

            _closed = true;
            try
            {
                _file.Flush();
            }
            catch (IOException)
            {
                // Whatever reached the disk is uploaded.
            }

            _file.Dispose();
        }
    }

    /// <summary>Closes and deletes the file: the task is over, uploaded or not.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Close();
        try
        {
            File.Delete(Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left behind; the next debug task on this path truncates it.
        }

        _release();
    }

    internal string Redact(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return BearerToken().Replace(text, "Bearer " + Mask);
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        _ => "fatal",
    };

    [GeneratedRegex(@"\bBearer\s+(?!\[REDACTED\])[^\s""',;]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BearerToken();
}
