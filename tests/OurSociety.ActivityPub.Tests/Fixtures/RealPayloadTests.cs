using OurSociety.ActivityPub.Json;

namespace OurSociety.ActivityPub.Tests.Fixtures;

/// <summary>Every captured payload of another server (federation-specs/examples/&lt;origin&gt;/) parses and reads right.</summary>
public sealed class RealPayloadTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "examples");

    public static TheoryData<string> AllFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Root, file).Replace('\\', '/'));
        }

        return data;
    }

    private static ApDocument Load(string relative)
    {
        var result = ApDocument.Parse(File.ReadAllBytes(Path.Combine(Root, relative)));
        Assert.Null(result.Error);
        return result.Document!;
    }

    [Fact]
    public void Examples_AreCopiedForEveryOrigin()
    {
        foreach (var origin in new[] { "mastodon", "lemmy", "misskey", "gotosocial" })
        {
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(Root, origin), "*.json"));
        }

        Assert.True(AllFiles().Count >= 20);
    }

    [Theory]
    [MemberData(nameof(AllFiles))]
    public void EveryExample_Parses_WithIdAndType(string file)
    {
        var document = Load(file);
        Assert.NotNull(document.Type);
        Assert.NotNull(document.Id);
        Assert.True(Uri.IsWellFormedUriString(document.Id, UriKind.Absolute), document.Id);
    }

    [Theory]
    [MemberData(nameof(AllFiles))]
    public void EveryActivity_HasActorId_AndObjectId(string file)
    {
        var document = Load(file);
        if (document.Json["actor"] is null)
        {
            return;   // an object or actor, not an activity
        }

        Assert.StartsWith("http", document.ActorId, StringComparison.Ordinal);
        Assert.StartsWith("http", document.ObjectId, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mastodon/person.json", "Person", "https://masto.qa.urbanwildlife.biz/users/mastodon", "mastodon", "https://masto.qa.urbanwildlife.biz/inbox")]
    [InlineData("lemmy/person.json", "Person", "https://enterprise.lemmy.ml/u/picard", "picard", "https://enterprise.lemmy.ml/inbox")]
    [InlineData("lemmy/group.json", "Group", "https://enterprise.lemmy.ml/c/tenforward", "tenforward", "https://enterprise.lemmy.ml/inbox")]
    [InlineData("lemmy/instance.json", "Application", "https://enterprise.lemmy.ml/", "enterprise.lemmy.ml", null)]
    public void Actors_Read_IdInboxAndKey(string file, string type, string id, string username, string? sharedInbox)
    {
        var (actor, error) = ApActor.From(Load(file));
        Assert.Null(error);
        Assert.NotNull(actor);
        Assert.Equal(type, actor.Type);
        Assert.Equal(id, actor.Id);
        Assert.Equal(username, actor.PreferredUsername);
        Assert.StartsWith(id.TrimEnd('/'), actor.Inbox, StringComparison.Ordinal);
        Assert.Equal(sharedInbox, actor.SharedInbox);
        Assert.NotNull(actor.PublicKey);
        Assert.Equal(id, actor.PublicKey.Owner);
        Assert.Equal(id + "#main-key", actor.PublicKey.Id);
        Assert.True(actor.PublicKey.IsRsa);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", actor.PublicKey.PublicKeyPem, StringComparison.Ordinal);
        Assert.Same(actor.PublicKey, actor.KeyById(actor.PublicKey.Id));
    }

    [Fact]
    public void MastodonPerson_ReadsIconAndFollowers()
    {
        var (actor, _) = ApActor.From(Load("mastodon/person.json"));
        Assert.NotNull(actor);
        Assert.StartsWith("https://masto.qa.urbanwildlife.biz/system/accounts/avatars/", actor.IconUrl, StringComparison.Ordinal);
        Assert.Equal("https://masto.qa.urbanwildlife.biz/users/mastodon/followers", actor.Followers);
        Assert.Equal("https://masto.qa.urbanwildlife.biz/users/mastodon/outbox", actor.Outbox);
    }

    [Theory]
    [InlineData("mastodon/follow.json", "Follow", "https://masto.asonix.dog/users/asonix", "https://ds9.lemmy.ml/c/testcom")]
    [InlineData("mastodon/announce.json", "Announce", "http://mastodon.example.org/users/admin", "http://mastodon.example.org/@admin/99541947525187367")]
    [InlineData("mastodon/like_page.json", "Like", "https://mastodon.madrid/users/felix", "https://ds9.lemmy.ml/post/147")]
    [InlineData("lemmy/follow.json", "Follow", "http://ds9.lemmy.ml/u/lemmy_alpha", "http://enterprise.lemmy.ml/c/main")]
    [InlineData("lemmy/like_note.json", "Like", "http://ds9.lemmy.ml/u/lemmy_alpha", "http://ds9.lemmy.ml/comment/1")]
    [InlineData("lemmy/delete_page.json", "Delete", "http://ds9.lemmy.ml/u/lemmy_alpha", "http://ds9.lemmy.ml/post/1")]
    [InlineData("misskey/like.json", "Like", "http://mastodon.example.org/users/admin", "https://testing.pleroma.lol/objects/c331bbf7-2eb9-4801-a709-2a6103492a5a")]
    public void Activities_ByReference_ReadActorAndObject(string file, string type, string actor, string objectId)
    {
        var document = Load(file);
        Assert.Equal(type, document.Type);
        Assert.Equal(actor, document.ActorId);
        Assert.Equal(objectId, document.ObjectId);
        Assert.Null(document.EmbeddedObject);
    }

    [Theory]
    [InlineData("mastodon/create_note.json", "Create", "Note", "https://mastodon.madrid/users/felix/statuses/107224289116410645")]
    [InlineData("mastodon/delete.json", "Delete", "Tombstone", "https://mastodon.madrid/users/felix/statuses/107773559874184870")]
    [InlineData("mastodon/undo_follow.json", "Undo", "Follow", "https://masto.asonix.dog/1ea87517-63c5-4118-8831-460ee641b2cf")]
    [InlineData("mastodon/accept.json", "Accept", "Follow", "http://localtesting.pleroma.lol/users/lain#follows/4")]
    [InlineData("lemmy/accept.json", "Accept", "Follow", "http://ds9.lemmy.ml/activities/follow/6abcd50b-b8ca-4952-86b0-a6dd8cc12866")]
    [InlineData("lemmy/undo_follow.json", "Undo", "Follow", "http://ds9.lemmy.ml/activities/follow/dc2f1bc5-f3a0-4daa-a46b-428cbfbd023c")]
    [InlineData("lemmy/create_comment.json", "Create", "Note", "http://ds9.lemmy.ml/comment/1")]
    [InlineData("lemmy/announce_create_page.json", "Announce", "Create", "http://enterprise.lemmy.ml/activities/create/2807c9ec-3ad8-4859-a9e0-28b59b6e499f")]
    [InlineData("gotosocial/create_note.json", "Create", "Note", "https://ondergrond.org/users/dumpsterqueer/statuses/106124968746291389")]
    public void Activities_WithEmbeddedObject_ReadObjectIdAndType(string file, string type, string objectType, string objectId)
    {
        var document = Load(file);
        Assert.Equal(type, document.Type);
        Assert.Equal(objectId, document.ObjectId);
        Assert.NotNull(document.EmbeddedObject);
        Assert.Equal(objectType, document.EmbeddedObject.Type);
        Assert.Equal(objectId, document.EmbeddedObject.Id);
    }

    [Fact]
    public void UndoFollow_InnerFollow_NamesTheSameActor()
    {
        var undo = Load("mastodon/undo_follow.json");
        Assert.Equal(undo.ActorId, undo.EmbeddedObject!.ActorId);
        Assert.Equal("https://ds9.lemmy.ml/c/testcom", undo.EmbeddedObject.ObjectId);
    }

    [Fact]
    public void LemmyAnnounce_InnerCreate_HasItsOwnEmbeddedPage()
    {
        var announce = Load("lemmy/announce_create_page.json");
        var create = announce.EmbeddedObject!;
        Assert.Equal("http://enterprise.lemmy.ml/u/lemmy_beta", create.ActorId);
        Assert.Equal("Page", create.EmbeddedObject!.Type);
        Assert.True(announce.IsAddressedToPublic);
    }

    [Theory]
    [InlineData("mastodon/create_note.json", true)]
    [InlineData("gotosocial/create_note.json", true)]
    [InlineData("misskey/question.json", true)]
    [InlineData("lemmy/follow.json", false)]
    public void Addressing_IsRead(string file, bool isPublic) => Assert.Equal(isPublic, Load(file).IsAddressedToPublic);

    [Fact]
    public void MisskeyQuestion_KeepsUnknownProperties()
    {
        var question = Load("misskey/question.json");
        Assert.Equal("Question", question.Type);
        Assert.NotNull(question.GetString("_misskey_content"));
        Assert.Equal("https://skippers-bin.com/users/7v1w1r8ce6", question.GetReference("attributedTo"));
    }
}
