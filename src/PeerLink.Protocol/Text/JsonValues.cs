using System.Text.Json;

namespace PeerLink.Protocol;

/// <summary>Reading untrusted JSON the way ECMAScript's <c>JSON.parse</c> sees it, so both
/// implementations agree: a repeated member counts once with its last value, and an integer is any
/// number whose value is a safe integer (|n| ≤ 2^53−1), whatever its notation.</summary>
internal static class JsonValues
{
    public const long MaxSafeInteger = (1L << 53) - 1;

    /// <summary>The members of an object, last one winning, in first-appearance order.</summary>
    public static Dictionary<string, JsonElement> Members(JsonElement obj)
    {
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var p in obj.EnumerateObject())
        {
            members[p.Name] = p.Value;
        }

        return members;
    }

    public static bool TryGetSafeInteger(JsonElement e, out long value)
    {
        value = 0;
        if (e.ValueKind != JsonValueKind.Number)
        {
            return false;
        }

        if (e.TryGetInt64(out var l))
        {
            value = l;
            return l is >= -MaxSafeInteger and <= MaxSafeInteger;
        }

        if (e.TryGetDouble(out var d) && double.IsFinite(d) && Math.Floor(d) == d && Math.Abs(d) <= MaxSafeInteger)
        {
            value = (long)d;
            return true;
        }

        return false;
    }

    public static string? FirstUnknown(Dictionary<string, JsonElement> members, IReadOnlyCollection<string> known)
    {
        foreach (var name in members.Keys)
        {
            if (!known.Contains(name))
            {
                return name;
            }
        }

        return null;
    }
}
