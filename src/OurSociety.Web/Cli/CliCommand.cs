namespace OurSociety.Web.Cli;

/// <summary>
/// One command the CLI knows: its words (<c>admin create-user</c>), the arguments it takes in order, the options
/// that take a value (may repeat), those that must be given, the flags, and what runs it.
/// </summary>
internal sealed record CliCommand(
    string Name,
    string[] Arguments,
    string[] ValueOptions,
    string[] RequiredOptions,
    string[] Flags,
    Func<IServiceProvider, CommandArgs, CliConsole, CancellationToken, Task<int>> RunAsync);

/// <summary>A usage error: wrong words, a missing argument, an unknown option. Answered with the usage text and exit 2.</summary>
internal sealed class CliUsageException(string message) : Exception(message);

/// <summary>The command line of one command, split into its own arguments and options and the node's settings.</summary>
internal sealed class CommandArgs
{
    // Settings whose names have no ':' but that the node reads from the command line all the same.
    private static readonly HashSet<string> HostSettings = new(StringComparer.OrdinalIgnoreCase)
    {
        "urls", "http_ports", "https_ports", "environment", "contentRoot", "applicationName",
    };

    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private CommandArgs()
    {
    }

    public IReadOnlyList<string> Arguments { get; private init; } = [];

    /// <summary>Settings for the host, as <c>--Key=value</c>: <c>--OurSociety:DataDirectory=…</c>, <c>--urls=…</c>.</summary>
    public IReadOnlyList<string> Configuration { get; private init; } = [];

    public bool HelpRequested { get; private set; }

    public IReadOnlyList<string> Values(string option) => _values.TryGetValue(option, out var values) ? values : [];

    public string? Value(string option) => _values.TryGetValue(option, out var values) ? values[^1] : null;

    public bool Has(string flag) => _flags.Contains(flag);

    /// <summary>
    /// Reads the words after the command's name. Settings (<c>--Section:Key=value</c> or <c>--Section:Key value</c>,
    /// and the host's own like <c>--urls</c>) are taken out wherever they stand and go to the configuration, exactly
    /// as the node would read them; everything else must be the command's.
    /// </summary>
    public static CommandArgs Parse(CliCommand command, IReadOnlyList<string> words)
    {
        var arguments = new List<string>();
        var configuration = new List<string>();
        var parsed = new CommandArgs { Arguments = arguments, Configuration = configuration };
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (word is "--help" or "-h")
            {
                parsed.HelpRequested = true;
                continue;
            }

            if (!word.StartsWith('-') || word == "-")
            {
                arguments.Add(word);
                continue;
            }

            if (!word.StartsWith("--", StringComparison.Ordinal))
            {
                throw new CliUsageException($"unknown option {word} for \"{command.Name}\".");
            }

            var equals = word.IndexOf('=', StringComparison.Ordinal);
            var option = equals < 0 ? word : word[..equals];
            var inline = equals < 0 ? null : word[(equals + 1)..];
            if (command.ValueOptions.Contains(option))
            {
                var value = inline ?? (i + 1 < words.Count && !words[i + 1].StartsWith("--", StringComparison.Ordinal)
                    ? words[++i]
                    : throw new CliUsageException($"{option} needs a value."));
                parsed.Add(option, value);
            }
            else if (command.Flags.Contains(option))
            {
                parsed._flags.Add(inline is null ? option : throw new CliUsageException($"{option} takes no value."));
            }
            else if (IsSetting(option[2..]))
            {
                var value = inline ?? (i + 1 < words.Count ? words[++i] : throw new CliUsageException($"{option} needs a value."));
                configuration.Add($"{option}={value}");
            }
            else
            {
                throw new CliUsageException($"unknown option {option} for \"{command.Name}\".");
            }
        }

        if (parsed.HelpRequested)
        {
            return parsed;
        }

        if (arguments.Count < command.Arguments.Length)
        {
            throw new CliUsageException($"\"{command.Name}\" needs {command.Arguments[arguments.Count]}.");
        }

        if (arguments.Count > command.Arguments.Length)
        {
            throw new CliUsageException($"\"{command.Name}\" does not take \"{arguments[command.Arguments.Length]}\".");
        }

        if (command.RequiredOptions.FirstOrDefault(o => parsed.Values(o).Count == 0) is { } missing)
        {
            throw new CliUsageException($"\"{command.Name}\" needs {missing}.");
        }

        return parsed;
    }

    private static bool IsSetting(string key) => key.Contains(':', StringComparison.Ordinal) || HostSettings.Contains(key);

    private void Add(string option, string value)
    {
        if (!_values.TryGetValue(option, out var values))
        {
            _values[option] = values = [];
        }

        values.Add(value);
    }
}
