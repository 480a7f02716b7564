namespace OurSociety.Core.Members;

/// <summary>Port for the framework's password hasher, so Core stays free of ASP.NET.</summary>
public interface IPasswordHasher
{
    string Hash(string password);

    PasswordCheck Verify(string hash, string password);
}

public enum PasswordCheck
{
    Failed,
    Success,

    /// <summary>Correct, but hashed with old parameters: store a fresh hash.</summary>
    SuccessRehashNeeded,
}
