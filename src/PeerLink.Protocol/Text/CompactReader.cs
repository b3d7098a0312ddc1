namespace PeerLink.Protocol;

/// <summary>Reads the big-endian compact binary (spec §2.1, §4.1). Running out of input is always
/// <c>truncated</c>; every read is bounded by the input, so no length field can make it allocate or
/// loop beyond it.</summary>
internal ref struct CompactReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> data = data;
    private int position;

    public readonly int Remaining => data.Length - position;

    public byte U8() => Take(1)[0];

    public int U16()
    {
        var b = Take(2);
        return (b[0] << 8) | b[1];
    }

    public long U32()
    {
        var b = Take(4);
        long value = 0;
        foreach (var x in b)
        {
            value = (value << 8) | x;
        }

        return value;
    }

    /// <summary>Unsigned LEB128, at most 5 bytes, at most 2^32−1, minimal (no final 0x00 group), spec §2.1.</summary>
    public long Varint()
    {
        long value = 0;
        for (var i = 0; i < 5; i++)
        {
            var b = U8();
            value |= (long)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                if (value > uint.MaxValue || (i > 0 && b == 0))
                {
                    throw new TokenParseException(TokenParseReasons.BadVarint);
                }

                return value;
            }
        }

        throw new TokenParseException(TokenParseReasons.BadVarint);
    }

    public ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining)
        {
            throw new TokenParseException(TokenParseReasons.Truncated);
        }

        var slice = data.Slice(position, count);
        position += count;
        return slice;
    }
}
