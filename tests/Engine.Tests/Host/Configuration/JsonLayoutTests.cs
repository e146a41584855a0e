using BatonClerk.Host.Commands;

namespace BatonClerk.Engine.Tests.Host.Configuration;

public sealed class JsonLayoutTests
{
    [Fact]
    public void Indent_CompactJson_MatchesGosTwoSpaceLayout()
    {
        var laid = JsonLayout.Indent("""{"a":[],"b":{},"c":[1,{"d":"x\"y"}],"e":"<&>"}""", escapeHtml: true);

        Assert.Equal("{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    1,\n    {\n      \"d\": \"x\\\"y\"\n    }\n  ],\n  \"e\": \"\\u003c\\u0026\\u003e\"\n}", laid);
    }

    [Fact]
    public void Indent_WithoutHtmlEscaping_CopiesStringsAsTheyAre() =>
        Assert.Equal("{\n  \"e\": \"<a b>\"\n}", JsonLayout.Indent("""{ "e" : "<a b>" }""", escapeHtml: false));
}
