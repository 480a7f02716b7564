using System.Buffers.Binary;

namespace OurSociety.Storage.Sql;

/// <summary>
/// UUIDv7 ids that only ever increase in this process, also within one millisecond (RFC 9562 §6.2: the random bits
/// count on from the last id). <see cref="Guid.CreateVersion7(DateTimeOffset)"/> alone is random after the
/// millisecond, so two ids of one millisecond could sort either way; where id order is meaning (the order of a work
/// partition), that would be a bug.
/// </summary>
internal sealed class MonotonicIds(TimeProvider time)
{
    private static readonly UInt128 RandB = (UInt128.One << 62) - 1;
    private const int RandABits = 12;

    private readonly Lock _lock = new();
    private UInt128 _last;

    public Guid Next()
    {
        var candidate = ToNumber(Guid.CreateVersion7(time.GetUtcNow()));
        lock (_lock)
        {
            _last = candidate > _last ? candidate : Increment(_last);
            return ToGuid(_last);
        }
    }

    /// <summary>The next id after <paramref name="id"/>: rand_b + 1, carrying into rand_a and then the timestamp.</summary>
    internal static UInt128 Increment(UInt128 id)
    {
        var b = id & RandB;
        var a = (ulong)(id >> 64) & 0xFFF;
        var timestamp = id >> 80;
        if (b == RandB)
        {
            b = 0;
            if (a == (1 << RandABits) - 1)
            {
                a = 0;
                timestamp++;
            }
            else
            {
                a++;
            }
        }
        else
        {
            b++;
        }

        return (timestamp << 80) | ((UInt128)0x7 << 76) | ((UInt128)a << 64) | ((UInt128)0b10 << 62) | b;
    }

    internal static UInt128 ToNumber(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    internal static Guid ToGuid(UInt128 value)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        return new Guid(bytes, bigEndian: true);
    }
}
