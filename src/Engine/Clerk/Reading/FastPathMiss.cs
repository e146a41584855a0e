namespace BatonClerk.Engine.Clerk.Reading;

/// <summary>
/// INTERNAL API. Raised inside a fast reader when a body is anything but the plain shape it handles. The reader's
/// caller then parses the same bytes with System.Text.Json, so a body the fast path does not take is accepted, or
/// refused with its error, exactly as before: the fast path only ever answers for bodies both agree on.
/// </summary>
internal sealed class FastPathMiss : Exception
{
    private FastPathMiss()
        : base("the body is not in the shape the fast reader handles")
    {
    }

    public static FastPathMiss Create() => new();
}
