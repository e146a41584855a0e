using BatonClerk.Host.Terminal;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace BatonClerk.Host.Commands.Inspect;

/// <summary>
/// Left-aligned plain-text columns separated by two spaces, with a dashed rule under the header, rendered by
/// Spectre so inspect and the sync summary share one table code path; rows are never cut or wrapped.
/// </summary>
internal sealed class TextTable
{
    private readonly Table _table;
    private readonly int _columns;
    private readonly string[] _headers;

    public TextTable(params string[] headers)
    {
        _columns = headers.Length;
        _headers = headers;
        _table = new Table { Border = DashedHeaderBorder.Instance, Expand = false };
        foreach (var header in headers)
        {
            _table.AddColumn(new TableColumn(new Text(header)) { Padding = new Padding(0, 0, 0, 0), NoWrap = true });
        }
    }

    public void Add(params string[] cells)
    {
        if (cells.Length != _columns)
        {
            throw new ArgumentException($"expected {_columns} cells, got {cells.Length}", nameof(cells));
        }

        _table.AddRow(cells.Select(c => (IRenderable)new Text(c)).ToArray());
    }

    public void WriteTo(TextWriter output)
    {
        if (_table.Rows.Count == 0)
        {
            // Spectre leaves out the rule of a table without rows; an empty result keeps the shape of a full one.
            output.WriteLine(string.Join("  ", _headers).TrimEnd(' '));
            output.WriteLine(string.Join("  ", _headers.Select(h => new string('-', h.Length))));
            return;
        }

        // Spectre pads the last column to its width; scripts and the old format expect no trailing blanks.
        var buffer = new StringWriter();
        PlainConsole.Create(buffer).Write(_table);
        foreach (var line in buffer.ToString().TrimEnd('\n', '\r').Split('\n'))
        {
            output.WriteLine(line.TrimEnd('\r').TrimEnd(' '));
        }
    }

    /// <summary>No frame; two spaces between columns; a dashed rule under the header.</summary>
    private sealed class DashedHeaderBorder : TableBorder
    {
        public static DashedHeaderBorder Instance { get; } = new();

        public override bool UsePadding => false;

        public override bool SupportsRowSeparator => false;

        public override string GetPart(TableBorderPart part) => part switch
        {
            TableBorderPart.HeaderSeparator or TableBorderPart.CellSeparator
                or TableBorderPart.HeaderBottomSeparator => "  ",
            TableBorderPart.HeaderBottom => "-",
            _ => "",
        };
    }
}
