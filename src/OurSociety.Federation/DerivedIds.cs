using System.Security.Cryptography;
using System.Text;

namespace OurSociety.Federation;

/// <summary>
/// Ids that are the same every time they are made from the same thing: the activities a work item sends (so doing it
/// again after a crash sends the same ids, which receivers drop), the Accept of a received Follow, a member's Like
/// (so its Undo can name it without storing it). RFC 9562 version 8 ("custom"): the first 122 bits of a SHA-256.
/// </summary>
public static class DerivedIds
{
    public static Guid From(string seed)
    {
        Span<byte> bytes = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(seed), bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);   // version 8
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);   // the RFC 9562 variant
        return new Guid(bytes[..16], bigEndian: true);
    }
}
