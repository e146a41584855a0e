using System.Text;

namespace BatonClerk.Host.Commands;

/// <summary>
/// Lays out JSON the way baton-sdk's commands print it (Go's json.Indent with two spaces): one member per line,
/// <c>"key": value</c>, empty objects and arrays as <c>{}</c> and <c>[]</c>, no trailing newline. String tokens are
/// copied as they are, except that <paramref name="escapeHtml"/> writes &lt;, &gt; and &amp; as Go's json.Marshal does.
/// </summary>
internal static class JsonLayout
{
    public static string Indent(string json, bool escapeHtml)
    {
        var output = new StringBuilder(json.Length * 2);
        var depth = 0;
        var needIndent = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            if (needIndent && c is not (']' or '}'))
            {
                NewLine(output, depth);
                needIndent = false;
            }

            switch (c)
            {
                case '"':
                    i = CopyString(json, i, output, escapeHtml);
                    break;
                case '{' or '[':
                    output.Append(c);
                    depth++;
                    needIndent = true;
                    break;
                case '}' or ']':
                    depth--;
                    if (needIndent)
                    {
                        // Empty: the opening bracket is still the last thing written.
                        needIndent = false;
                    }
                    else
                    {
                        NewLine(output, depth);
                    }

                    output.Append(c);
                    break;
                case ',':
                    output.Append(c);
                    NewLine(output, depth);
                    break;
                case ':':
                    output.Append(": ");
                    break;
                default:
                    output.Append(c);
                    break;
            }
        }

        return output.ToString();
    }

    private static int CopyString(string json, int start, StringBuilder output, bool escapeHtml)
    {
        output.Append('"');
        for (var i = start + 1; i < json.Length; i++)
        {
            var c = json[i];
            if (c == '\\')
            {
                output.Append(c).Append(json[++i]);
            }
            else if (c == '"')
            {
                output.Append(c);
                return i;
            }
            else if (escapeHtml && c is '<' or '>' or '&' or '\u2028' or '\u2029')
            {
                output.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                output.Append(c);
            }
        }

        throw new FormatException("unterminated JSON string");
    }

    private static void NewLine(StringBuilder output, int depth) => output.Append('\n').Append(' ', depth * 2);
}
