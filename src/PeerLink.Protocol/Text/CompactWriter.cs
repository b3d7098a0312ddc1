using System.Buffers;

namespace PeerLink.Protocol;

/// <summary>Writes the big-endian compact binary (spec §2.1, §4.1).</summary>
internal sealed class CompactWriter
{
    private readonly ArrayBufferWriter<byte> buffer = new(256);

    public void U8(int value) => Bytes([(byte)value]);

    public void U16(int value) => Bytes([(byte)(value >> 8), (byte)value]);

    public void U32(long value)
    {
        Span<byte> b = stackalloc byte[4];
        for (var i = 3; i >= 0; i--)
        {
            b[i] = (byte)value;
            value >>= 8;
        }

        Bytes(b);
    }

    /// <summary>Unsigned LEB128, least significant group first.</summary>
    public void Varint(long value)
    {
        do
        {
            var group = (int)(value & 0x7F);
            value >>= 7;
            U8(value == 0 ? group : group | 0x80);
        }
        while (value != 0);
    }

    public void Bytes(ReadOnlySpan<byte> bytes) => buffer.Write(bytes);

    public byte[] ToArray() => buffer.WrittenSpan.ToArray();
}
