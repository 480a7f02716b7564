using OurSociety.Core.Hubs;

namespace OurSociety.Web.Hosting;

/// <summary>The <c>OurSociety</c> section: every setting of a node lives under it.</summary>
public sealed class NodeOptions
{
    public const string Section = "OurSociety";

    /// <summary>
    /// The node's public origin. Actor ids are built from it, so it cannot change once the node federates. When it is
    /// not set, the first address the node listens on (see <see cref="ListenAddresses"/>).
    /// </summary>
    public string PublicUrl { get; set; } = ListenAddresses.KestrelDefault;

    /// <summary>Database, uploads and the sign-in key ring. Relative paths are taken from the current directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary><c>closed</c>, <c>invite</c>, <c>approval</c> or <c>open</c>.</summary>
    public string Registrations { get; set; } = "invite";

    /// <summary><c>text</c> for people, <c>json</c> for log collectors. Logs go to stderr either way.</summary>
    public string LogFormat { get; set; } = "text";

    /// <summary>Host names the node answers to besides the PublicUrl host and loopback; <c>*</c> for any.</summary>
    public string[] AllowedHosts { get; set; } = [];

    public Uri PublicUri => new(PublicUrl.TrimEnd('/'));

    public RegistrationMode RegistrationMode => Enum.Parse<RegistrationMode>(Registrations, ignoreCase: true);

    /// <summary>The data directory as an absolute path: the node and the CLI resolve it the same way.</summary>
    public string DataPath => Path.GetFullPath(DataDirectory);

    public string DatabasePath => Path.Combine(DataPath, Storage.Sql.SqliteConnectionFactory.FileName);

    public string UploadsPath => Path.Combine(DataPath, "uploads");

    public string KeyRingPath => Path.Combine(DataPath, "keys");

    /// <summary>
    /// Makes the data directory (and its uploads folder) if missing, readable by the node's own user only: it holds
    /// password hashes, the setup token and the sign-in keys.
    /// </summary>
    /// <exception cref="DataDirectoryException">It cannot be made (no permission, a file in the way, a full disk).</exception>
    public void EnsureDataDirectory()
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(DataPath);
                Directory.CreateDirectory(UploadsPath);
            }
            else
            {
                Directory.CreateDirectory(DataPath, PrivateFiles.FolderMode);
                Directory.CreateDirectory(UploadsPath, PrivateFiles.FolderMode);
            }
        }
        catch (Exception e) when (FileErrors.IsFileError(e))
        {
            throw new DataDirectoryException(
                $"Cannot use the data directory {DataPath}: {FileErrors.Reason(e)}. Set OurSociety:DataDirectory to a folder this user can write to.", e);
        }
    }

    /// <summary>The origin as text, no trailing slash: what URLs are built on.</summary>
    public string Origin => PublicUri.GetLeftPart(UriPartial.Authority);
}

public sealed class RateLimitOptions
{
    public const string Section = "OurSociety:RateLimits";

    /// <summary>Sign-in, sign-up and setup attempts per client address per minute.</summary>
    public int SignInPerMinute { get; set; } = 10;

    /// <summary>All other requests per client address per minute (health checks are never limited).</summary>
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>Activities POSTed to inboxes per client address per minute (servers deliver in bursts).</summary>
    public int InboxPerMinute { get; set; } = 6000;

    /// <summary>
    /// Activities whose signature verified, per sending domain per minute (the domain of the signing actor). A flood
    /// from one domain is answered 429 with Retry-After, so its server retries later; others are not held up.
    /// </summary>
    public int InboxPerDomainPerMinute { get; set; } = 1200;

    /// <summary>
    /// Accounts never seen here before, per domain per hour, whose activities are taken in. An activity from one more
    /// new account is answered 429 with Retry-After (the end of the hour), so its server sends it again later.
    /// </summary>
    public int NewAccountsPerDomainPerHour { get; set; } = 60;

    /// <summary>
    /// Searches with <c>source=linked</c> per client address per minute: each one asks every linked hub. Past it, the
    /// search answers with this hub's own results and says the linked hubs were not asked this time.
    /// </summary>
    public int LinkedSearchPerMinute { get; set; } = 10;
}

public sealed class ReverseProxyOptions
{
    public const string Section = "OurSociety:ReverseProxy";

    /// <summary>Addresses of proxies whose X-Forwarded-For/-Proto headers are believed, e.g. <c>127.0.0.1</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of such proxies in CIDR form, e.g. <c>172.17.0.0/16</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];
}
