using System.Globalization;
using System.Numerics;

namespace PeerLink.Protocol;

/// <summary>The digit form of a token (spec §4.3 step 3): its n bytes as one big-endian unsigned
/// integer written in decimal, zero-padded to the digit count of 256^n − 1. A QR code carries digits
/// in numeric mode at ~3.33 bits per digit, ~1.004 bits per bit of token, where base64url text in
/// byte mode costs 1.33; a phone's camera app opens the link with the digits as they are.</summary>
public static class DigitForm
{
    private static readonly double Log10Of256 = Math.Log10(256);

    /// <summary>True when <paramref name="text"/> is non-empty and only ASCII digits: the texts the
    /// decoder reads as the digit form (base64url token texts start with a letter).</summary>
    public static bool IsDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');

    /// <summary>Digits of 256^n − 1: how many digits an n-byte value is written with. Exact (computed on
    /// the integer), not a floating-point estimate.</summary>
    public static int Width(int byteCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteCount);
        return byteCount == 0 ? 0 : (BigInteger.Pow(256, byteCount) - 1).ToString(CultureInfo.InvariantCulture).Length;
    }

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        return value.ToString(CultureInfo.InvariantCulture).PadLeft(Width(bytes.Length), '0');
    }

    /// <summary>The bytes of a digit-form text; false when its length fits no byte count or its value
    /// is 256^n or more. Callers cap the text length first (4096), which bounds the work.</summary>
    public static bool TryDecode(ReadOnlySpan<char> digits, out byte[] bytes)
    {
        bytes = [];
        if (!IsDigits(digits))
        {
            return false;
        }

        // Width(n) = floor(n · log10 256) + 1; the estimate is confirmed on the exact width.
        var estimate = (int)Math.Round((digits.Length - 1) / Log10Of256);
        var n = 0;
        for (var candidate = Math.Max(1, estimate - 1); candidate <= estimate + 1; candidate++)
        {
            if (Width(candidate) == digits.Length)
            {
                n = candidate;
                break;
            }
        }

        if (n == 0)
        {
            return false;
        }

        var value = BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        if (value >= BigInteger.Pow(256, n))
        {
            return false;
        }

        var raw = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        bytes = new byte[n];
        // ToByteArray gives no leading zero bytes, and one byte for the value 0.
        var significant = value.IsZero ? [] : raw;
        significant.CopyTo(bytes.AsSpan(n - significant.Length));
        return true;
    }
}
