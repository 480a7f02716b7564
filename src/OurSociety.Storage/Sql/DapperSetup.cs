using System.Data;
using System.Globalization;
using Dapper;

namespace OurSociety.Storage.Sql;

/// <summary>
/// Guids as lower-case text and timestamps as fixed-width UTC text (text order = time order), the same on SQLite
/// and PostgreSQL. Handlers are process-global: registered once, never per test.
/// </summary>
public static class DapperSetup
{
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    private static readonly Lazy<bool> Done = new(() =>
    {
        // Dapper never calls SetValue for its built-in types unless their map entry is removed (Dapper #607, #1780).
        foreach (var type in new[] { typeof(Guid), typeof(Guid?), typeof(DateTimeOffset), typeof(DateTimeOffset?) })
        {
            SqlMapper.RemoveTypeMap(type);
        }

        SqlMapper.AddTypeHandler(new GuidAsText());
        SqlMapper.AddTypeHandler(new UtcTimestampAsText());
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        return true;
    });

    public static void EnsureRegistered() => _ = Done.Value;

    public static string Format(DateTimeOffset value) => value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    private sealed class GuidAsText : SqlMapper.TypeHandler<Guid>
    {
        public override void SetValue(IDbDataParameter parameter, Guid value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = value.ToString("D");
        }

        public override Guid Parse(object value) => Guid.Parse((string)value);
    }

    private sealed class UtcTimestampAsText : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = Format(value);
        }

        public override DateTimeOffset Parse(object value) =>
            DateTimeOffset.ParseExact((string)value, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }
}
