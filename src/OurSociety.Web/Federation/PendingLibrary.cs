// TEMPORARY: stand-ins for library members the vocabulary helper is adding. Deleted when its branch merges.
#pragma warning disable
namespace OurSociety.ActivityPub.Discovery
{
    internal static class Origins
    {
        public static bool SameOrigin(string a, string b) => throw new NotImplementedException();
    }
}

namespace OurSociety.Web.Federation
{
    using OurSociety.ActivityPub.Json;

    internal static class PendingLibrary
    {
        extension(ApActor actor)
        {
            public IReadOnlyList<ApPublicKey> PublicKeys => throw new NotImplementedException();
        }
    }
}
