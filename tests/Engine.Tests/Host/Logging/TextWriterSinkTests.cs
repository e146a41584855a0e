using System.Text;
using BatonClerk.Host.Logging;
using Serilog.Events;
using Serilog.Formatting.Compact;
using Serilog.Parsing;

namespace BatonClerk.Engine.Tests.Host.Logging;

public sealed class TextWriterSinkTests
{
    /// <summary>Records every call: Console's writer is atomic per call, so a line split over calls can be cut by another writer.</summary>
    private sealed class CallRecordingWriter : TextWriter
    {
        public List<string> Calls { get; } = [];

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => Calls.Add(value.ToString());

        public override void Write(string? value) => Calls.Add(value ?? "");
    }

    [Fact]
    public void Emit_JsonEvent_ReachesTheWriterInOneCallEndingTheLine()
    {
        var writer = new CallRecordingWriter();
        var sink = new TextWriterSink(writer, new RenderedCompactJsonFormatter());
        var template = new MessageTemplateParser().Parse("Pager {Name} finished: {Items} items");

        sink.Emit(new LogEvent(DateTimeOffset.UnixEpoch, LogEventLevel.Information, null, template,
            [new LogEventProperty("Name", new ScalarValue("users")), new LogEventProperty("Items", new ScalarValue(600))]));

        var call = Assert.Single(writer.Calls);
        Assert.StartsWith("{\"@t\"", call, StringComparison.Ordinal);
        Assert.EndsWith("\n", call, StringComparison.Ordinal);
    }
}
