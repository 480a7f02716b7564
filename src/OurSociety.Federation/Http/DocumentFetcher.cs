using System.Diagnostics;
using OurSociety.Federation.Actors;

namespace OurSociety.Federation.Http;

/// <summary>The federation core's port (<see cref="IDocumentFetcher"/>) onto <see cref="ApFetcher"/>.</summary>
public sealed class DocumentFetcher(ApFetcher fetcher) : IDocumentFetcher
{
    public async Task<FetchedDocument> FetchAsync(Uri url, CancellationToken ct)
    {
        // The inbound activity this work runs for has made us fetch enough (FetchBudget): nothing more is asked for.
        if (FetchBudget.Current is { } budget && !budget.TrySpend())
        {
            return new FetchedDocument(null, $"the fetch budget of one activity ({FetchBudget.PerActivity} documents) is spent");
        }

        return await FetchUnbudgetedAsync(url, ct);
    }

    private async Task<FetchedDocument> FetchUnbudgetedAsync(Uri url, CancellationToken ct) => await fetcher.GetAsync(url, ct) switch
    {
        FetchResult.Ok ok => new FetchedDocument(ok.Document, null),
        // Both mean the origin says it is not there; the port treats them alike (INTEROP §6: Fedify ≥ 2.0 does too).
        FetchResult.NotFound notFound => new FetchedDocument(null, notFound.Reason, Gone: true),
        FetchResult.Gone gone => new FetchedDocument(null, gone.Reason, Gone: true),
        FetchResult.Refused refused => new FetchedDocument(null, refused.Reason),
        FetchResult.Failed failed => new FetchedDocument(null, failed.Reason),
        _ => throw new UnreachableException(),
    };
}
