namespace BatonClerk.Host.Configuration.Settings;

/// <summary>Where a value came from, named the way an error message names it.</summary>
public enum SettingOrigin
{
    Default,
    Hocon,
    File,
    Environment,
    Flag,
}

/// <summary>A value as given, before parsing: one text, or the items of a list.</summary>
public sealed record RawValue(IReadOnlyList<string> Items, SettingOrigin Origin, string Source)
{
    public static RawValue Single(string text, SettingOrigin origin, string source) => new([text], origin, source);

    /// <summary>The value as one text: list items joined by commas.</summary>
    public string Text => string.Join(",", Items);

    public bool Explicit => Origin != SettingOrigin.Default;
}
