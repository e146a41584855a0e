using System.Collections.Concurrent;
using System.Diagnostics;
using BatonClerk.Engine.Diagnostics;
using BatonClerk.Engine.Tests.Service.Fakes;

namespace BatonClerk.Engine.Tests.Service;

/// <summary>Service mode's calls to C1 are traced, one client span per BatonService call, with no token in any tag.</summary>
public sealed class C1CallTracingTests
{
    [Fact]
    public async Task RunAsync_SyncFullTask_TracesHelloGetTaskUploadAndFinishWithTheirStatus()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == EngineTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.DisplayName.StartsWith("c1.connectorapi.baton.v1.BatonService/", StringComparison.Ordinal))
                {
                    spans.Enqueue(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var harness = await ServiceHarness.StartServerAsync();
        var task = ServiceHarness.SyncFullTask();
        harness.State.Enqueue(task);

        _ = harness.StartRunner(DelegateSyncJob.WritingFile(4096, _ => { }));
        var finish = await harness.NextFinishAsync();

        Assert.NotNull(finish.Success);

        // The server has the FinishTask request before the client's span for it ends.
        await ServiceHarness.WaitUntilAsync(() => spans.Any(s => s.GetTagItem("rpc.method") as string == "FinishTask"));
        var names = spans.Select(s => s.GetTagItem("rpc.method") as string).ToHashSet();
        Assert.Superset(new HashSet<string?> { "Hello", "GetTask", "UploadAsset", "FinishTask" }, names);
        Assert.All(spans, s =>
        {
            Assert.Equal(ActivityKind.Client, s.Kind);
            Assert.Equal("grpc", s.GetTagItem("rpc.system"));
            Assert.Equal("c1.connectorapi.baton.v1.BatonService", s.GetTagItem("rpc.service"));
            Assert.DoesNotContain(s.TagObjects, t => t.Value is string v && v.Contains("Bearer", StringComparison.OrdinalIgnoreCase));
        });
        Assert.Contains(spans, s => s.GetTagItem("rpc.method") as string == "FinishTask" && (int?)s.GetTagItem("rpc.grpc.status_code") == 0);
    }
}
