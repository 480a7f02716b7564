namespace OurSociety.Core.Work;

/// <summary>
/// A change and the work it causes, committed together: the writes and the work items they return go into one
/// transaction, so after a crash either both exist or neither (a stored post is always federated, a federated post
/// always stored). The worker is woken after the commit, and the pages kept for visitors are forgotten.
/// </summary>
public sealed class UnitOfWork(ITransactions transactions, IWorkItemStore work, WorkSignal signal, IPageCache pages)
{
    /// <summary>
    /// Runs <paramref name="change"/> in a new transaction, adds the work items it returns to the same transaction and
    /// commits. No network and no other connection inside <paramref name="change"/>: read what you need before.
    /// </summary>
    public async Task CommitAsync(Func<ITransaction, Task<IReadOnlyCollection<NewWorkItem>>> change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        IReadOnlyCollection<NewWorkItem> items;
        await using (var tx = await transactions.BeginAsync(ct))
        {
            items = await change(tx);
            if (items.Count > 0)
            {
                await work.AddAsync(items, tx, ct);
            }

            await tx.CommitAsync(ct);
        }

        await pages.ChangedAsync();
        if (items.Count > 0)
        {
            signal.Notify();
        }
    }
}
