using System.Diagnostics.CodeAnalysis;

namespace PeerLink.Protocol;

/// <summary>Handles (<c>@coffee-shop</c>): trimmed, a leading <c>@</c> dropped, then 3–32 ASCII
/// characters of <c>a-z A-Z 0-9 . _ -</c>, lowercased; that is 3–32 characters of <c>a-z 0-9 . _ -</c> (spec/protocol.md §6).</summary>
public static class HandleName
{
    public const int MinLength = 3;
    public const int MaxLength = 32;

    public static bool TryNormalize(string? raw, [NotNullWhen(true)] out string? handle)
    {
        handle = null;
        if (raw is null)
        {
            return false;
        }

        var text = raw.Trim();
        if (text.StartsWith('@'))
        {
            text = text[1..];
        }

        if (text.Length is < MinLength or > MaxLength)
        {
            return false;
        }

        // Checked before folding: only ASCII may fold, so no Unicode look-alike (the Kelvin sign
        // folds to 'k') can become somebody else's handle.
        foreach (var c in text)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' or '-'))
            {
                return false;
            }
        }

        handle = text.ToLowerInvariant();
        return true;
    }
}
