using OurSociety.Core.Posts;
using OurSociety.Core.Work;

namespace OurSociety.Core.Members;

/// <summary>The two short lists on a profile: what a member can help with, and what they are interested in.</summary>
public interface ISkillStore
{
    /// <summary>Replaces both lists (their order is kept: the member's first words come first).</summary>
    Task SetAsync(Guid memberId, IReadOnlyList<string> canHelpWith, IReadOnlyList<string> interestedIn, ITransaction tx, CancellationToken ct);

    /// <summary>Active members whose "can help with" names any of <paramref name="topics"/>, most topics in common first.</summary>
    Task<IReadOnlyList<Guid>> WhoCanHelpWithAsync(IReadOnlyCollection<string> topics, int limit, CancellationToken ct);
}

public static class SkillLimits
{
    /// <summary>Each list: a few topics. Mastodon shows a field's value on one line of a profile.</summary>
    public const int TopicsMax = 10;
}

/// <summary>
/// Setting a member's skills and interests, and finding who can help with some topics (for help requests, and for
/// glue-ers matching needs and offers). Skills are topics, like a post's: plain words, lower case, without '#'.
/// </summary>
public sealed class SkillService(IMemberStore members, ISkillStore skills, UnitOfWork unit)
{
    public const string CanHelpWithField = "canHelpWith";
    public const string InterestedInField = "interestedIn";

    /// <summary>Sets both lists; followers' servers get the new actor (its two profile fields).</summary>
    public async Task<Outcome<Member>> SetAsync(Guid memberId, IReadOnlyList<string>? canHelpWith, IReadOnlyList<string>? interestedIn, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var can = Topics(canHelpWith, CanHelpWithField, errors);
        var interested = Topics(interestedIn, InterestedInField, errors);
        if (errors.Count > 0)
        {
            return new Outcome<Member>.Invalid(errors);
        }

        if (await members.FindAsync(memberId, ct) is not { } member)
        {
            return new Outcome<Member>.NotFound();
        }

        await unit.CommitAsync(async tx =>
        {
            await skills.SetAsync(memberId, can, interested, tx, ct);
            return member.State == MemberState.Active ? [MemberWork.Item(MemberWork.Updated, member)] : (IReadOnlyCollection<NewWorkItem>)[];
        }, ct);
        return new Outcome<Member>.Ok(member with { CanHelpWith = can, InterestedIn = interested });
    }

    /// <summary>
    /// Members here who can help with any of <paramref name="topics"/> (most in common first), leaving out
    /// <paramref name="except"/> (the person asking, say).
    /// </summary>
    public async Task<IReadOnlyList<Member>> WhoCanHelpWithAsync(
        IReadOnlyCollection<string> topics, IReadOnlyCollection<Guid> except, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(except);
        var normalised = topics.Select(PostService.NormaliseTopic).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (normalised.Count == 0 || limit <= 0)
        {
            return [];
        }

        var found = new List<Member>();
        foreach (var id in await skills.WhoCanHelpWithAsync(normalised, limit + except.Count, ct))
        {
            if (!except.Contains(id) && await members.FindAsync(id, ct) is { State: MemberState.Active } member)
            {
                found.Add(member);
                if (found.Count == limit)
                {
                    break;
                }
            }
        }

        return found;
    }

    private static IReadOnlyList<string> Topics(IReadOnlyList<string>? given, string field, Dictionary<string, string[]> errors)
    {
        var own = new Dictionary<string, string[]>();
        var topics = PostService.Topics(given, own);
        if (own.TryGetValue("topics", out var messages))
        {
            errors[field] = messages;
        }
        else if (topics.Count > SkillLimits.TopicsMax)
        {
            errors[field] = [CoreText.Format("Topics.TooMany", ("max", SkillLimits.TopicsMax))];
        }

        return topics;
    }
}
