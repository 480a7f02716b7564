using System.Globalization;
using System.Resources;
using OurSociety.Core.Invitations;
using OurSociety.Core.Paging;
using OurSociety.Core.Tokens;

namespace OurSociety.Web.Features.Api;

/// <summary>
/// The JSON API's own messages, in <c>ApiText.resx</c> (add <c>ApiText.xx.resx</c> for another language). Static
/// properties because DataAnnotations on request records look their messages up by resource type and property name.
/// </summary>
internal sealed class ApiText
{
    private static readonly ResourceManager Resources = new(typeof(ApiText));

    private ApiText()
    {
    }

    public static string LimitInvalid => Format(nameof(LimitInvalid), PageSize.Max);

    public static string CursorInvalid => Get(nameof(CursorInvalid));

    public static string MemberNotFound => Get(nameof(MemberNotFound));

    public static string InvitationNotFound => Get(nameof(InvitationNotFound));

    public static string TokenNotFound => Get(nameof(TokenNotFound));

    public static string TokenMadeWithToken => Get(nameof(TokenMadeWithToken));

    public static string TokenName => Format(nameof(TokenName), ApiTokenService.NameMax);

    public static string MaxUses => Format(nameof(MaxUses), InvitationService.MaxUsesLimit);

    public static string ExpiresInDays => Format(nameof(ExpiresInDays), InvitationService.MaxLifetime.TotalDays);

    public static string Target => Get(nameof(Target));

    public static string HubLinkState => Get(nameof(HubLinkState));

    public static string HubLinkReshare => Get(nameof(HubLinkReshare));

    public static string BlockActor => Get(nameof(BlockActor));

    public static string FollowNotFound => Get(nameof(FollowNotFound));

    public static string FollowRequestNotFound => Get(nameof(FollowRequestNotFound));

    public static string FollowerNotFound => Get(nameof(FollowerNotFound));

    public static string BlockNotFound => Get(nameof(BlockNotFound));

    public static string PostNotFound => Get(nameof(PostNotFound));

    public static string SourceUnknown => Get(nameof(SourceUnknown));

    public static string DateInvalid => Get(nameof(DateInvalid));

    public static string IntroductionNotFound => Get(nameof(IntroductionNotFound));

    public static string IntroductionParties => Get(nameof(IntroductionParties));

    public static string IntroductionRole => Get(nameof(IntroductionRole));

    public static string IntroductionState => Get(nameof(IntroductionState));

    public static string IntroductionReviewNotFound => Get(nameof(IntroductionReviewNotFound));


    private static string Get(string name) =>
        Resources.GetString(name, CultureInfo.CurrentUICulture) ?? throw new InvalidOperationException($"ApiText.resx has no {name}.");

    private static string Format(string name, params object[] values) => string.Format(CultureInfo.CurrentCulture, Get(name), values);
}
