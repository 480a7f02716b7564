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

    public sealed record Conflict(string Reason) : Outcome<T>;

    public sealed record Forbidden(string Reason) : Outcome<T>;

    public sealed record NotFound : Outcome<T>;

    /// <summary>It existed and was deleted (HTTP 410): unlike <see cref="NotFound"/>, others may forget their copies.</summary>
    public sealed record Gone(string Reason) : Outcome<T>;
}
