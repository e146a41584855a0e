using Spectre.Console;
using Spectre.Console.Rendering;

namespace BatonClerk.Host.Progress;

/// <summary>
/// Renders its child as if the terminal were wide, then cuts every line to the real width: a live region line
/// that wrapped would push the region down and leave stale rows behind, a cut one never does.
/// </summary>
internal sealed class CutToWidth(IRenderable child) : Renderable
{
    private const int LayoutWidth = 512;

    protected override Measurement Measure(RenderOptions options, int maxWidth) => new(1, maxWidth);

    protected override IEnumerable<Segment> Render(RenderOptions options, int maxWidth)
    {
        var lines = Segment.SplitLines(child.Render(options, Math.Max(LayoutWidth, maxWidth)));
        foreach (var line in lines)
        {
            var cut = Segment.Truncate(line, maxWidth).ToList();
            // Trailing padding is not content; dropping it keeps short rows from filling the line with blanks.
            while (cut.Count > 0 && !cut[^1].IsControlCode && cut[^1].Text.Trim().Length == 0)
            {
                cut.RemoveAt(cut.Count - 1);
            }

            foreach (var segment in cut)
            {
                yield return segment;
            }

            yield return Segment.LineBreak;
        }
    }
}
