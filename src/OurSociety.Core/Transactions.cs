namespace OurSociety.Core;

/// <summary>
/// One database transaction, handed to the stores that write in it: a change and the work it causes commit together
/// or not at all. Disposed without <see cref="CommitAsync"/> it is rolled back.
/// </summary>
public interface ITransaction : IAsyncDisposable
{
    Task CommitAsync(CancellationToken ct);
}

/// <summary>
/// Begins transactions. While one is open, everything in that flow must go through it: opening another connection
/// would wait on the open transaction's write lock (and would not see its writes), so Storage refuses it.
/// </summary>
public interface ITransactions
{
    Task<ITransaction> BeginAsync(CancellationToken ct);
}
