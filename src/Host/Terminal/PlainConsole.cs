using Spectre.Console;

namespace BatonClerk.Host.Terminal;

/// <summary>Spectre consoles for the host: plain ones for pipes and files, a styled one for a terminal.</summary>
internal static class PlainConsole
{
    /// <summary>Wide enough that no table row is ever cut or wrapped: a pipe has no width.</summary>
    private const int UnboundedWidth = 1 << 14;

    /// <summary>A console without colour, ANSI sequences or a width limit, for output a script reads.</summary>
    public static IAnsiConsole Create(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = UnboundedWidth;
        return console;
    }

    /// <summary>The live view's console on stderr; Spectre itself honours NO_COLOR and the terminal's width.</summary>
    public static IAnsiConsole Terminal(TextWriter stderr) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.Detect,
        ColorSystem = ColorSystemSupport.Detect,
        Interactive = InteractionSupport.Yes,
        Out = new AnsiConsoleOutput(stderr),
    });
}
