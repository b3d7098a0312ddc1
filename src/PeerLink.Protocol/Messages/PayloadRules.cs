using System.Text.Json;
using System.Text.RegularExpressions;

namespace PeerLink.Protocol;

/// <summary>Field checks for payload schemas; each returns <c>"&lt;field&gt;: &lt;problem&gt;"</c> or null.</summary>
internal static partial class PayloadRules
{
    public static string? String(Dictionary<string, JsonElement> p, string name, int min, int max, bool required = true, Func<string, bool>? rule = null)
    {
        if (!p.TryGetValue(name, out var e))
        {
            return required ? Problem(name, ValidationProblems.Required) : null;
        }

        if (e.ValueKind != JsonValueKind.String)
        {
            return Problem(name, ValidationProblems.WrongType);
        }

        var s = e.GetString()!;
        if (s.Length > max)
        {
            return Problem(name, ValidationProblems.TooLong);
        }

        return s.Length < min || (rule is not null && !rule(s)) ? Problem(name, ValidationProblems.Invalid) : null;
    }

    public static string? OneOf(Dictionary<string, JsonElement> p, string name, params string[] values) =>
        String(p, name, 1, 64, rule: values.Contains);

    /// <summary>A non-empty array of safe integers.</summary>
    public static string? IntegerList(Dictionary<string, JsonElement> p, string name)
    {
        if (!p.TryGetValue(name, out var e))
        {
            return Problem(name, ValidationProblems.Required);
        }

        if (e.ValueKind != JsonValueKind.Array)
        {
            return Problem(name, ValidationProblems.WrongType);
        }

        return e.GetArrayLength() == 0 || e.EnumerateArray().Any(x => !JsonValues.TryGetSafeInteger(x, out _))
            ? Problem(name, ValidationProblems.Invalid)
            : null;
    }

    /// <summary>A positive decimal amount, at most 15 integer and 8 fraction digits (spec §7).</summary>
    public static bool IsAmount(string s) => AmountPattern().IsMatch(s) && s.Any(c => c is >= '1' and <= '9');

    public static bool IsCurrency(string s) => s.Length == 3 && s.All(char.IsAsciiLetterUpper);

    private static string Problem(string name, string problem) => ValidationProblems.Reason(name, problem);

    [GeneratedRegex(@"^(0|[1-9][0-9]{0,14})(\.[0-9]{1,8})?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex AmountPattern();
}
