namespace OurSociety.Core;

/// <summary>The result of a use case: the value, or why not. Exceptions are for bugs, not for bad input.</summary>
public abstract record Outcome<T>
{
    public sealed record Ok(T Value) : Outcome<T>;

    /// <summary>Bad input: field name → messages, shown beside the field (HTML) or as problem-details errors (API).</summary>
    public sealed record Invalid(IDictionary<string, string[]> Errors) : Outcome<T>
    {
        public Invalid(string field, string message) : this(new Dictionary<string, string[]> { [field] = [message] })
        {
        }
    }

    /// <summary>Refused as it stands now (HTTP 409); <see cref="Field"/>, when set, names the input it is about.</summary>
    public sealed record Conflict(string Reason) : Outcome<T>
    {
        public string? Field { get; init; }
    }

    /// <summary>Not allowed (HTTP 403); <see cref="Field"/>, when set, names the input it is about.</summary>
    public sealed record Forbidden(string Reason) : Outcome<T>
    {
        public string? Field { get; init; }
    }

    /// <summary>
    /// Nothing there for this person (HTTP 404); <see cref="Field"/> and <see cref="Reason"/>, when set, name the input
    /// that named nothing (an unknown account) and say so.
    /// </summary>
    public sealed record NotFound : Outcome<T>
    {
        public string? Field { get; init; }

        public string? Reason { get; init; }
    }

    /// <summary>It existed and was deleted (HTTP 410): unlike <see cref="NotFound"/>, others may forget their copies.</summary>
    public sealed record Gone(string Reason) : Outcome<T>;
}
