using System.Text.RegularExpressions;
using PeerLink.Protocol.Tests.Vectors;

namespace PeerLink.Protocol.Tests;

/// <summary>The code's constant lists are the spec's lists (spec/protocol.md §4.3, §7.1, §8).</summary>
public sealed partial class SpecConsistencyTests
{
    private static readonly string Spec = File.ReadAllText(Path.Combine(VectorFiles.Directory, "..", "protocol.md"));

    [Fact]
    public void ProblemCodes_AreTheSpecList()
    {
        var paragraph = Spec[Spec.IndexOf("Rendezvous problem codes:", StringComparison.Ordinal)..];
        paragraph = paragraph[..paragraph.IndexOf("\n\n", StringComparison.Ordinal)];

        Assert.Equal(Codes(paragraph), ProblemCodes.All.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ErrorCodes_AreTheSpecList()
    {
        var paragraph = Spec[Spec.IndexOf("SDK errors (`PeerLinkError.code`):", StringComparison.Ordinal)..];
        paragraph = paragraph[..paragraph.IndexOf("— each", StringComparison.Ordinal)];

        Assert.Equal(Codes(paragraph).Where(c => c != "PeerLinkError.code"), PeerLinkErrorCode.All.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TokenParseReasons_AreTheSpecTable()
    {
        var table = Spec[Spec.IndexOf("| reason | meaning |", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n\n", StringComparison.Ordinal)];
        var specReasons = TableFirstColumn().Matches(table).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);
        var codeReasons = typeof(TokenParseReasons).GetFields().Select(f => (string)f.GetValue(null)!).Order(StringComparer.Ordinal);

        Assert.Equal(specReasons, codeReasons);
    }

    [Fact]
    public void ValidationProblems_AreTheSpecTable()
    {
        var table = Spec[Spec.IndexOf("| problem | meaning |", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n\n", StringComparison.Ordinal)];
        var specProblems = TableFirstColumn().Matches(table).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);
        var codeProblems = typeof(ValidationProblems).GetFields().Select(f => (string)f.GetValue(null)!).Order(StringComparer.Ordinal);

        Assert.Equal(specProblems, codeProblems);
    }

    private static IEnumerable<string> Codes(string text) =>
        Backticked().Matches(text).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);

    [GeneratedRegex("`([A-Za-z_.]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"^\| `([a-z0-9_]+)` \|", RegexOptions.Multiline)]
    private static partial Regex TableFirstColumn();
}
