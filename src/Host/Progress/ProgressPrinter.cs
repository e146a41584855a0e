using System.Globalization;
using BatonClerk.Engine.Sync;
using Serilog;

namespace BatonClerk.Host.Progress;

/// <summary>
/// On a terminal one live line per refresh (items, pages, requests/s, 429s); otherwise a structured log line at
/// each progress tick, so container logs stay readable.
/// </summary>
public sealed class ProgressPrinter(ILogger log, TextWriter terminal, bool isTerminal)
{
    private long _lastRequests;
    private TimeSpan _lastElapsed;

    public void Report(SyncProgress progress)
    {
        var seconds = (progress.Elapsed - _lastElapsed).TotalSeconds;
        var rate = seconds > 0 ? (progress.Requests - _lastRequests) / seconds : 0;
        _lastRequests = progress.Requests;
        _lastElapsed = progress.Elapsed;
        var pagers = string.Join("  ", progress.Pagers.Select(p =>
            string.Create(CultureInfo.InvariantCulture, $"{p.Pager} {p.Items}{(p.Expected >= 0 ? "/" + p.Expected : "")} ({p.Pages}p{(p.Completed ? " done" : "")})")));
        if (isTerminal)
        {
            terminal.Write(string.Create(CultureInfo.InvariantCulture, $"\r\u001b[2K{pagers}  {rate:F0} req/s  429s {progress.RateLimited}"));
            terminal.Flush();
        }
        else
        {
            log.Information("Progress {Pagers}; {Requests} requests, {RequestRate:F1} requests/s, {RateLimited} 429s", pagers, progress.Requests, rate, progress.RateLimited);
        }
    }

    public void Finish()
    {
        if (isTerminal)
        {
            terminal.WriteLine();
        }
    }
}
