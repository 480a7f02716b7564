using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OurSociety.Core.Work;

/// <summary>
/// Payloads as JSON. Reading is strict (a missing constructor parameter or a null where the type says none is an
/// error), so an item written in a shape this version does not understand is buried with the reason instead of being
/// run half-read or retried for hours.
/// </summary>
public static class WorkPayload
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // Named, not left to the first Serialize: GetTypeInfo (Read) on options without a resolver throws, so a node
        // restarted with work pending (after a crash) failed every item it read before it wrote one.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(WorkItem item) => Read(item, (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T)));

    /// <summary>With source-generated metadata.</summary>
    public static T Read<T>(WorkItem item, JsonTypeInfo<T> type)
    {
        ArgumentNullException.ThrowIfNull(item);
        try
        {
            return JsonSerializer.Deserialize(item.Payload, type)
                ?? throw new WorkPayloadException(item, $"The payload of this {item.Kind} item is null.", null);
        }
        catch (JsonException e)
        {
            throw new WorkPayloadException(item, $"The payload of this {item.Kind} item cannot be read as {typeof(T).Name}: {e.Message}", e);
        }
    }
}

/// <summary>A payload that cannot be read: retrying cannot help, so the item is buried at once with this message.</summary>
public sealed class WorkPayloadException : Exception
{
    public WorkPayloadException(WorkItem item, string message, Exception? inner)
        : base(message, inner) => ItemId = item?.Id ?? Guid.Empty;

    public WorkPayloadException()
    {
    }

    public WorkPayloadException(string message)
        : base(message)
    {
    }

    public WorkPayloadException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public Guid ItemId { get; }
}
