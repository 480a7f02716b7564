using OurSociety.Core.Federation;
using OurSociety.Core.Paging;
using OurSociety.Core.Work;

namespace OurSociety.Core.Moderation;

/// <summary>Who takes a moderation action, as the audit log names them: a member, or the node itself (CLI, system).</summary>
public sealed record ModeratorRef(Guid? Id, string Name)
{
    public static readonly ModeratorRef Node = new(null, "node");
}

/// <summary>This node's own host name: it, and any domain above it, can never be blocked.</summary>
public sealed record OwnDomain(DomainName Name);

/// <summary>A domain block as a moderator asks for it, before any check.</summary>
public sealed record DomainBlockInput(
    string? Domain,
    string? Severity,
    bool RejectMedia = false,
    bool RejectReports = false,
    bool Obfuscate = false,
    string? PublicReason = null,
    string? PrivateNote = null);

/// <summary>A saved block, and whether it is new (false: it replaced the block already on that name).</summary>
public sealed record DomainBlockSaved(DomainBlock Block, bool Created);

/// <summary>Field names of <see cref="DomainBlockInput"/> for errors (the API's camelCase names).</summary>
public static class DomainBlockFields
{
    public const string Domain = "domain";
    public const string Severity = "severity";
    public const string PublicReason = "publicReason";
    public const string PrivateNote = "privateNote";
    public const string Csv = "csv";
    public const string Mode = "mode";
}

public static class DomainBlockLimits
{
    public const int PublicReasonMax = 500;
    public const int PrivateNoteMax = 2000;

    /// <summary>The largest CSV accepted for import (a long shared block list is a few hundred kB).</summary>
    public const int CsvMaxChars = 1024 * 1024;
}

/// <summary>The work that suspending a domain causes (<see cref="DomainBlockService"/>).</summary>
public static class DomainWork
{
    public const string Purge = "domain.purge";
}

/// <summary>The payload of <see cref="DomainWork.Purge"/>: the suspended domain's canonical name.</summary>
public sealed record DomainPurgePayload(string Domain);

/// <summary>
/// Domain moderation: blocks (Mastodon's model, shared as its CSV), the allow list and the federation mode. Each change
/// writes its line in the audit log in the same transaction; a block that suspends adds the purge work
/// (<see cref="DomainWork.Purge"/>) in it too, so a crash can never leave a suspended domain's content behind.
/// </summary>
public sealed class DomainBlockService(
    IDomainBlockStore blocks,
    IDomainAllowStore allows,
    IModerationLogStore log,
    FederationModeSetting mode,
    UnitOfWork unit,
    OwnDomain own,
    TimeProvider time)
{
    /// <summary>Blocks a domain, or updates the block already on it (the value says which).</summary>
    public async Task<Outcome<DomainBlockSaved>> BlockAsync(DomainBlockInput input, ModeratorRef by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(by);
        var errors = new Dictionary<string, string[]>();
        var domain = ReadDomain(input.Domain, errors);
        var severity = DomainSeverity.Suspend;
        if (string.IsNullOrWhiteSpace(input.Severity) || !DomainSeverities.TryParse(input.Severity, out severity))
        {
            errors[DomainBlockFields.Severity] = [CoreText.Get("DomainBlock.Severity")];
        }

        var publicReason = Trimmed(input.PublicReason);
        var privateNote = Trimmed(input.PrivateNote);
        Check(publicReason, DomainBlockLimits.PublicReasonMax, DomainBlockFields.PublicReason, errors);
        Check(privateNote, DomainBlockLimits.PrivateNoteMax, DomainBlockFields.PrivateNote, errors);
        if (errors.Count > 0)
        {
            return new Outcome<DomainBlockSaved>.Invalid(errors);
        }

        var entry = new DomainBlockEntry(domain, severity, input.RejectMedia, input.RejectReports, publicReason ?? "", input.Obfuscate);
        var saved = await SaveAllAsync([(entry, privateNote)], by, ct);
        return new Outcome<DomainBlockSaved>.Ok(saved[0]);
    }

    /// <summary>
    /// Imports a Mastodon domain-block CSV: all of it in one transaction, or nothing when any line is bad (the errors
    /// name each bad line by its number). A domain already blocked is updated.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<DomainBlockSaved>>> ImportAsync(string? csv, ModeratorRef by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (string.IsNullOrWhiteSpace(csv))
        {
            return new Outcome<IReadOnlyList<DomainBlockSaved>>.Invalid(DomainBlockFields.Csv, CoreText.Get("DomainBlock.CsvEmpty"));
        }

        if (csv.Length > DomainBlockLimits.CsvMaxChars)
        {
            return new Outcome<IReadOnlyList<DomainBlockSaved>>.Invalid(
                DomainBlockFields.Csv, CoreText.Format("DomainBlock.CsvTooLong", ("max", DomainBlockLimits.CsvMaxChars)));
        }

        var read = DomainBlockCsv.Read(csv, own.Name);
        if (!read.Ok)
        {
            return new Outcome<IReadOnlyList<DomainBlockSaved>>.Invalid(new Dictionary<string, string[]>
            {
                [DomainBlockFields.Csv] = [.. read.Problems.Select(p => CoreText.Format("DomainBlock.CsvLine", ("line", p.Line), ("reason", p.Reason)))],
            });
        }

        if (read.Entries.FirstOrDefault(e => e.PublicComment.Length > DomainBlockLimits.PublicReasonMax) is { } tooLong)
        {
            return new Outcome<IReadOnlyList<DomainBlockSaved>>.Invalid(DomainBlockFields.Csv, CoreText.Format(
                "DomainBlock.CsvReasonTooLong", ("domain", tooLong.Domain.Value), ("max", DomainBlockLimits.PublicReasonMax)));
        }

        if (read.Entries.Count == 0)
        {
            return new Outcome<IReadOnlyList<DomainBlockSaved>>.Invalid(DomainBlockFields.Csv, CoreText.Get("DomainBlock.CsvEmpty"));
        }

        return new Outcome<IReadOnlyList<DomainBlockSaved>>.Ok(await SaveAllAsync([.. read.Entries.Select(e => (e, (string?)null))], by, ct));
    }

    /// <summary>Removes a block. Content deleted by a suspension does not come back; federation resumes from now on.</summary>
    public async Task<Outcome<DomainBlock>> UnblockAsync(Guid id, ModeratorRef by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (await blocks.FindByIdAsync(id, ct) is not { } block)
        {
            return new Outcome<DomainBlock>.NotFound();
        }

        var now = time.GetUtcNow();
        await unit.CommitAsync(async tx =>
        {
            if (await blocks.DeleteAsync(id, tx, ct))
            {
                await log.AddAsync(Entry(by, ModerationActions.DomainUnblock, block.Domain, now, null, null), tx, ct);
            }

            return [];
        }, ct);
        return new Outcome<DomainBlock>.Ok(block);
    }

    public Task<Page<DomainBlock>> ListAsync(Cursor after, int limit, CancellationToken ct) => blocks.ListAsync(after, limit, ct);

    public Task<IReadOnlyList<DomainBlock>> AllAsync(CancellationToken ct) => blocks.AllAsync(ct);

    /// <summary>The whole list as Mastodon's CSV (public reasons only: private notes never leave the desk).</summary>
    public async Task<string> ExportAsync(CancellationToken ct) =>
        DomainBlockCsv.Write((await blocks.AllAsync(ct)).Select(b =>
            new DomainBlockEntry(b.Domain, b.Severity, b.RejectMedia, b.RejectReports, b.PublicReason ?? "", b.Obfuscate)));

    /// <summary>Puts a domain on the allow list (true when it was not there yet).</summary>
    public async Task<Outcome<DomainAllow>> AllowAsync(string? domain, ModeratorRef by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(by);
        var errors = new Dictionary<string, string[]>();
        var name = ReadDomain(domain, errors);
        if (errors.Count > 0)
        {
            return new Outcome<DomainAllow>.Invalid(errors);
        }

        var allow = new DomainAllow(name, time.GetUtcNow());
        await unit.CommitAsync(async tx =>
        {
            if (await allows.AddAsync(allow, tx, ct))
            {
                await log.AddAsync(Entry(by, ModerationActions.DomainAllow, name, allow.CreatedAt, null, null), tx, ct);
            }

            return [];
        }, ct);
        return new Outcome<DomainAllow>.Ok(allow);
    }

    public async Task<Outcome<DomainName>> DisallowAsync(string? domain, ModeratorRef by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (!DomainName.TryParse(domain, out var name, out DomainNameProblem problem))
        {
            return new Outcome<DomainName>.Invalid(DomainBlockFields.Domain, DomainNameText.Explain(problem));
        }

        var removed = false;
        await unit.CommitAsync(async tx =>
        {
            removed = await allows.RemoveAsync(name, tx, ct);
            if (removed)
            {
                await log.AddAsync(Entry(by, ModerationActions.DomainDisallow, name, time.GetUtcNow(), null, null), tx, ct);
            }

            return [];
        }, ct);
        return removed ? new Outcome<DomainName>.Ok(name) : new Outcome<DomainName>.NotFound { Field = DomainBlockFields.Domain };
    }

    public Task<IReadOnlyList<DomainAllow>> AllowsAsync(CancellationToken ct) => allows.AllAsync(ct);

    public Task<FederationMode> ModeAsync(CancellationToken ct) => mode.CurrentAsync(ct);

    /// <summary>Stores the admin's federation mode (it wins over the configuration) and logs the change.</summary>
    public async Task<Outcome<FederationMode>> SetModeAsync(string? mode, ModeratorRef by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (!FederationModes.TryParse(mode, out var parsed))
        {
            return new Outcome<FederationMode>.Invalid(DomainBlockFields.Mode, CoreText.Get("DomainBlock.Mode"));
        }

        var now = time.GetUtcNow();
        await unit.CommitAsync(async tx =>
        {
            await allows.SetModeAsync(parsed, tx, ct);
            await log.AddAsync(new ModerationEntry(Guid.CreateVersion7(now), now, by.Id, by.Name, ModerationActions.FederationMode,
                ModerationTargets.Node, FederationModes.Name(parsed), FederationModes.Name(parsed), null, null, null), tx, ct);
            return [];
        }, ct);
        return new Outcome<FederationMode>.Ok(parsed);
    }

    private async Task<IReadOnlyList<DomainBlockSaved>> SaveAllAsync(
        IReadOnlyList<(DomainBlockEntry Entry, string? PrivateNote)> entries, ModeratorRef by, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // Read before the transaction (no other connection inside it): which names are blocked already.
        var existing = new Dictionary<DomainName, DomainBlock>();
        foreach (var (entry, _) in entries)
        {
            if (await blocks.FindAsync(entry.Domain, ct) is { } found)
            {
                existing[entry.Domain] = found;
            }
        }

        var saved = new List<DomainBlockSaved>();
        foreach (var (entry, note) in entries)
        {
            var before = existing.GetValueOrDefault(entry.Domain);
            var block = new DomainBlock(before?.Id ?? Guid.CreateVersion7(now), entry.Domain, entry.Severity, entry.RejectMedia, entry.RejectReports,
                entry.Obfuscate, entry.PublicComment.Length == 0 ? null : entry.PublicComment, note ?? before?.PrivateNote,
                before?.CreatedAt ?? now, now);
            saved.Add(new DomainBlockSaved(block, before is null));
        }

        await unit.CommitAsync(async tx =>
        {
            var work = new List<NewWorkItem>();
            foreach (var (block, _) in saved)
            {
                await blocks.SaveAsync(block, tx, ct);
                await log.AddAsync(Entry(by, ModerationActions.DomainBlock, block.Domain, now, block.PublicReason,
                    block.PrivateNote, DomainSeverities.Name(block.Severity)), tx, ct);
                if (block.Severity == DomainSeverity.Suspend)
                {
                    // Run again on every save that suspends: what arrived since (if anything slipped in) goes too.
                    work.Add(new NewWorkItem(DomainWork.Purge, WorkPayload.Write(new DomainPurgePayload(block.Domain.Value)),
                        Partition: "domain:" + block.Domain.Value));
                }
            }

            return work;
        }, ct);
        return saved;
    }

    private DomainName ReadDomain(string? text, Dictionary<string, string[]> errors)
    {
        if (!DomainName.TryParse(text, out var name, out DomainNameProblem problem))
        {
            errors[DomainBlockFields.Domain] = [DomainNameText.Explain(problem)];
            return default;
        }

        if (name.Covers(own.Name) || own.Name.Covers(name))
        {
            errors[DomainBlockFields.Domain] = [CoreText.Format("DomainBlock.OwnDomain", ("domain", name.Value))];
        }

        return name;
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static void Check(string? text, int max, string field, Dictionary<string, string[]> errors)
    {
        if (text is not null && text.Length > max)
        {
            errors[field] = [CoreText.Format("TooLongBy", ("max", max), ("length", text.Length))];
        }
    }

    private static ModerationEntry Entry(
        ModeratorRef by, string action, DomainName domain, DateTimeOffset at, string? reason, string? note, string? detail = null) =>
        new(Guid.CreateVersion7(at), at, by.Id, by.Name, action, ModerationTargets.Domain, domain.Value,
            detail is null ? domain.Value : $"{domain.Value} ({detail})", reason, note, null);
}
