using System.Text.Json;
using BatonClerk.Engine.Service;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatonClerk.Engine.Tests.Service;

public sealed class TaskDebugLogTests : IDisposable
{
    private const string TaskId = "2aBcDeFgHiJkLmNoPqRsTuVwXyZ";
    private readonly string _dir = Directory.CreateTempSubdirectory("baton-clerk-debuglog-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Write_RecordsAtDebugAndAbove_OneJsonObjectALine()
    {
        using var log = Open(new DebugLogPaths(_dir));

        log.Write(LogLevel.Trace, "cat", "too fine", null);
        log.Write(LogLevel.Debug, "cat", "a debug line", null);
        log.Write(LogLevel.Error, "other", "it broke", new InvalidOperationException("boom"));
        log.Close();

        var lines = File.ReadAllLines(log.Path).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal("debug", lines[0].GetProperty("level").GetString());
        Assert.Equal("a debug line", lines[0].GetProperty("msg").GetString());
        Assert.Equal("cat", lines[0].GetProperty("logger").GetString());
        Assert.Equal(TaskId, lines[0].GetProperty("task_id").GetString());
        Assert.Equal("error", lines[1].GetProperty("level").GetString());
        Assert.Equal("InvalidOperationException: boom", lines[1].GetProperty("error").GetString());
    }

    [Fact]
    public void Write_SecretsAndBearerTokens_AreMasked()
    {
        const string clientSecret = "secret-token:conductorone.com:v1:eyJrdHkiOiJPS1AiLCJkIjoiYWJj";
        using var log = TaskDebugLog.TryOpen(new DebugLogPaths(_dir), TaskId, TimeProvider.System, [clientSecret], NullLogger.Instance)!;
        log.AddSecret("sk_test_0123456789abcdef");

        log.Write(LogLevel.Debug, "c", $"whole {clientSecret} key part eyJrdHkiOiJPS1AiLCJkIjoiYWJj", null);
        log.Write(LogLevel.Debug, "c", "clerk sk_test_0123456789abcdef, header authorization: Bearer tok.en-123", null);
        log.Close();

        var text = File.ReadAllText(log.Path);
        Assert.DoesNotContain("eyJrdHkiOiJPS1AiLCJkIjoiYWJj", text, StringComparison.Ordinal);
        Assert.DoesNotContain("sk_test_0123456789abcdef", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tok.en-123", text, StringComparison.Ordinal);
        Assert.Contains("whole [REDACTED] key part [REDACTED]", text, StringComparison.Ordinal);
        Assert.Contains("Bearer [REDACTED]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_AfterClose_DeletesTheFileAndDropsLaterRecords()
    {
        var log = Open(new DebugLogPaths(_dir));
        log.Write(LogLevel.Debug, "c", "kept", null);
        log.Close();
        log.Write(LogLevel.Debug, "c", "after close", null);

        Assert.DoesNotContain("after close", File.ReadAllText(log.Path), StringComparison.Ordinal);
        log.Dispose();
        Assert.False(File.Exists(log.Path));
    }

    [Fact]
    public void TryOpen_DirectoryMissing_ReturnsNullAfterAWarning()
    {
        var logger = new Fakes.RecordingLoggerProvider();

        var log = TaskDebugLog.TryOpen(new DebugLogPaths(Path.Combine(_dir, "missing")), TaskId, TimeProvider.System, [], logger);

        Assert.Null(log);
        Assert.Contains(logger.Lines, l => l.Level == LogLevel.Warning && l.Text.Contains("debug log", StringComparison.Ordinal));
    }

    [Fact]
    public void Claim_PathHeldByAnotherTask_GivesThatTaskItsOwnFile()
    {
        var paths = new DebugLogPaths(_dir);

        var first = paths.Claim(TaskId);
        var second = paths.Claim("2zzzzzzzzzzzzzzzzzzzzzzzzzz");
        var odd = paths.Claim("../escape");
        paths.Release(first);
        var again = paths.Claim("3yyyyyyyyyyyyyyyyyyyyyyyyyy");

        Assert.Equal(Path.Combine(_dir, "debug.log"), first);
        Assert.Equal(Path.Combine(_dir, "debug-2zzzzzzzzzzzzzzzzzzzzzzzzzz.log"), second);
        Assert.Equal(_dir, Path.GetDirectoryName(odd));
        Assert.DoesNotContain("escape", odd, StringComparison.Ordinal);
        Assert.Equal(first, again);
    }

    [Fact]
    public async Task CreateLogger_DebugRecordInATaskFlow_ReachesOnlyThatTasksLog()
    {
        var host = new Fakes.RecordingLoggerProvider();
        using var inner = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(host));
        var logger = new TaskDebugLoggerFactory(inner).CreateLogger("test");
        using var log = Open(new DebugLogPaths(_dir));

        await Task.Run(() =>
        {
            log.MakeCurrent();
            logger.LogDebug("inside the task");
        });
        logger.LogDebug("outside any task");
        logger.LogInformation("info outside");
        log.Close();

        var text = File.ReadAllText(log.Path);
        Assert.Contains("inside the task", text, StringComparison.Ordinal);
        Assert.DoesNotContain("outside", text, StringComparison.Ordinal);
        Assert.Equal(["info outside"], host.Lines.Select(l => l.Text));
    }

    private TaskDebugLog Open(DebugLogPaths paths) => TaskDebugLog.TryOpen(paths, TaskId, TimeProvider.System, [], NullLogger.Instance)!;
}
