using System.Diagnostics.CodeAnalysis;

namespace OurSociety.ActivityPub.Vocabulary;

/// <summary>
/// Property names of ActivityStreams documents: the AS2 vocabulary (AS2 Vocabulary §4 "Properties", AS2 Core), the
/// ActivityPub actor and collection properties (AP §4.1, §5), and the few extension terms every ActivityPub server
/// reads beside them (keys, Mastodon's <c>as:</c> and <c>toot:</c> terms, FEP-2c59), each doc naming where it comes from.
/// </summary>
/// <remarks>
/// The names are the JSON keys of compacted documents, as servers send them (INTEROP §2.2: read as plain JSON). The
/// JSON-LD keyword <c>@context</c> is <see cref="AtContext"/>; its value for ActivityStreams is
/// <see cref="ActivityStreams.Context"/>. The AS2 <c>context</c> property is left out on purpose, so that the two are never
/// confused.
/// </remarks>
public static class AsProperties
{
    /// <summary>The JSON-LD keyword that carries a document's context (JSON-LD 1.1; AS2 Core §2.1).</summary>
    public const string AtContext = "@context";

    // ActivityStreams 2.0 (AS2 Core, AS2 Vocabulary §4).

    /// <summary><c>id</c>: the document's own IRI (AS2 Vocabulary §4; the JSON-LD <c>@id</c> alias).</summary>
    public const string Id = "id";

    /// <summary><c>type</c>: the document's type or types (AS2 Vocabulary §4; the JSON-LD <c>@type</c> alias).</summary>
    public const string Type = "type";

    /// <summary><c>actor</c>: who performed an activity (AS2 Vocabulary §4).</summary>
    public const string Actor = "actor";

    /// <summary><c>object</c>: what an activity is done to or about (AS2 Vocabulary §4).</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The spec's own term; names here follow the spec.")]
    public const string Object = "object";

    /// <summary><c>target</c>: the indirect object of an activity, e.g. where an Add adds to (AS2 Vocabulary §4).</summary>
    public const string Target = "target";

    /// <summary><c>origin</c>: where an activity moves its object from (AS2 Vocabulary §4).</summary>
    public const string Origin = "origin";

    /// <summary><c>result</c>: what an activity resulted in (AS2 Vocabulary §4).</summary>
    public const string Result = "result";

    /// <summary><c>instrument</c>: what an activity was done with (AS2 Vocabulary §4).</summary>
    public const string Instrument = "instrument";

    /// <summary><c>to</c>: public addressing: primary audience (AS2 Vocabulary §4; AP §6.1).</summary>
    public const string To = "to";

    /// <summary><c>cc</c>: public addressing: secondary audience (AS2 Vocabulary §4; AP §6.1).</summary>
    public const string Cc = "cc";

    /// <summary><c>bto</c>: private addressing: primary audience, removed before delivery (AS2 Vocabulary §4; AP §6.1).</summary>
    public const string Bto = "bto";

    /// <summary><c>bcc</c>: private addressing: secondary audience, removed before delivery (AS2 Vocabulary §4; AP §6.1).</summary>
    public const string Bcc = "bcc";

    /// <summary><c>audience</c>: the audience an object is meant for, e.g. the group it was posted in (AS2 Vocabulary §4; FEP-1b12).</summary>
    public const string Audience = "audience";

    /// <summary><c>attributedTo</c>: who wrote or owns an object (AS2 Vocabulary §4).</summary>
    public const string AttributedTo = "attributedTo";

    /// <summary><c>inReplyTo</c>: what an object answers (AS2 Vocabulary §4).</summary>
    public const string InReplyTo = "inReplyTo";

    /// <summary><c>replies</c>: the collection of an object's replies (AS2 Vocabulary §4).</summary>
    public const string Replies = "replies";

    /// <summary><c>content</c>: an object's content, HTML unless <c>mediaType</c> says otherwise (AS2 Vocabulary §4).</summary>
    public const string Content = "content";

    /// <summary><c>contentMap</c>: <c>content</c> by language tag (AS2 Core, natural language values).</summary>
    public const string ContentMap = "contentMap";

    /// <summary><c>name</c>: A plain-text name or title (AS2 Vocabulary §4).</summary>
    public const string Name = "name";

    /// <summary><c>nameMap</c>: <c>name</c> by language tag (AS2 Core, natural language values).</summary>
    public const string NameMap = "nameMap";

    /// <summary><c>summary</c>: A summary; for a Note, Mastodon shows it as a content warning (AS2 Vocabulary §4).</summary>
    public const string Summary = "summary";

    /// <summary><c>summaryMap</c>: <c>summary</c> by language tag (AS2 Core, natural language values).</summary>
    public const string SummaryMap = "summaryMap";

    /// <summary><c>published</c>: when an object was published, an xsd:dateTime (AS2 Vocabulary §4).</summary>
    public const string Published = "published";

    /// <summary><c>updated</c>: when an object was last changed, an xsd:dateTime (AS2 Vocabulary §4).</summary>
    public const string Updated = "updated";

    /// <summary><c>startTime</c>: when something starts, an xsd:dateTime (AS2 Vocabulary §4).</summary>
    public const string StartTime = "startTime";

    /// <summary><c>endTime</c>: when something ends, an xsd:dateTime (AS2 Vocabulary §4).</summary>
    public const string EndTime = "endTime";

    /// <summary><c>duration</c>: how long something lasts, an xsd:duration (AS2 Vocabulary §4).</summary>
    public const string Duration = "duration";

    /// <summary><c>url</c>: where an object can be seen, e.g. its HTML page: a string, Link or array (AS2 Vocabulary §4).</summary>
    public const string Url = "url";

    /// <summary><c>tag</c>: objects and links an object is tagged with: Mention, Hashtag (AS2 Vocabulary §4).</summary>
    public const string Tag = "tag";

    /// <summary><c>attachment</c>: documents attached to an object, e.g. pictures (AS2 Vocabulary §4).</summary>
    public const string Attachment = "attachment";

    /// <summary><c>icon</c>: A small picture standing for an object, e.g. an avatar (AS2 Vocabulary §4).</summary>
    public const string Icon = "icon";

    /// <summary><c>image</c>: A large picture of an object, e.g. a header (AS2 Vocabulary §4).</summary>
    public const string Image = "image";

    /// <summary><c>preview</c>: A preview of an object (AS2 Vocabulary §4).</summary>
    public const string Preview = "preview";

    /// <summary><c>generator</c>: what made an object, e.g. an application (AS2 Vocabulary §4).</summary>
    public const string Generator = "generator";

    /// <summary><c>location</c>: where an object is or happened (AS2 Vocabulary §4).</summary>
    public const string Location = "location";

    /// <summary><c>href</c>: the target of a Link (AS2 Vocabulary §4).</summary>
    public const string Href = "href";

    /// <summary><c>hreflang</c>: the language of a Link's target (AS2 Vocabulary §4).</summary>
    public const string Hreflang = "hreflang";

    /// <summary><c>rel</c>: how a Link's target relates to its context (AS2 Vocabulary §4).</summary>
    public const string Rel = "rel";

    /// <summary><c>mediaType</c>: the MIME type of <c>content</c> or of a Link's target (AS2 Vocabulary §4).</summary>
    public const string MediaType = "mediaType";

    /// <summary><c>width</c>: width in device-independent pixels of a Link's target (AS2 Vocabulary §4).</summary>
    public const string Width = "width";

    /// <summary><c>height</c>: height in device-independent pixels of a Link's target (AS2 Vocabulary §4).</summary>
    public const string Height = "height";

    /// <summary><c>totalItems</c>: how many items a collection holds (AS2 Vocabulary §4).</summary>
    public const string TotalItems = "totalItems";

    /// <summary><c>items</c>: the items of a Collection or CollectionPage (AS2 Vocabulary §4).</summary>
    public const string Items = "items";

    /// <summary><c>orderedItems</c>: the items of an OrderedCollection or OrderedCollectionPage (AS2 Core, ordered collections).</summary>
    public const string OrderedItems = "orderedItems";

    /// <summary><c>first</c>: A collection's first page (AS2 Vocabulary §4).</summary>
    public const string First = "first";

    /// <summary><c>last</c>: A collection's last page (AS2 Vocabulary §4).</summary>
    public const string Last = "last";

    /// <summary><c>current</c>: A collection's most recently updated page (AS2 Vocabulary §4).</summary>
    public const string Current = "current";

    /// <summary><c>next</c>: the page after this one (AS2 Vocabulary §4).</summary>
    public const string Next = "next";

    /// <summary><c>prev</c>: the page before this one (AS2 Vocabulary §4).</summary>
    public const string Prev = "prev";

    /// <summary><c>partOf</c>: the collection a page belongs to (AS2 Vocabulary §4).</summary>
    public const string PartOf = "partOf";

    /// <summary><c>startIndex</c>: the index of an ordered page's first item (AS2 Vocabulary §4).</summary>
    public const string StartIndex = "startIndex";

    /// <summary><c>oneOf</c>: A Question's exclusive options (AS2 Vocabulary §4).</summary>
    public const string OneOf = "oneOf";

    /// <summary><c>anyOf</c>: A Question's inclusive options (AS2 Vocabulary §4).</summary>
    public const string AnyOf = "anyOf";

    /// <summary><c>closed</c>: when a Question closed, or that it did (AS2 Vocabulary §4).</summary>
    public const string Closed = "closed";

    /// <summary><c>subject</c>: A Relationship's subject (AS2 Vocabulary §4).</summary>
    public const string Subject = "subject";

    /// <summary><c>relationship</c>: how a Relationship's subject and object relate (AS2 Vocabulary §4).</summary>
    public const string Relationship = "relationship";

    /// <summary><c>describes</c>: the object a Profile describes (AS2 Vocabulary §4).</summary>
    public const string Describes = "describes";

    /// <summary><c>formerType</c>: what a Tombstone was before it was deleted (AS2 Vocabulary §4).</summary>
    public const string FormerType = "formerType";

    /// <summary><c>deleted</c>: when a Tombstone's object was deleted, an xsd:dateTime (AS2 Vocabulary §4).</summary>
    public const string Deleted = "deleted";

    // ActivityPub (AP §3, §4.1, §5).

    /// <summary><c>inbox</c>: an actor's inbox, where others POST activities (AP §4.1).</summary>
    public const string Inbox = "inbox";

    /// <summary><c>outbox</c>: an actor's outbox, the activities it published (AP §4.1).</summary>
    public const string Outbox = "outbox";

    /// <summary><c>followers</c>: an actor's followers collection (AP §4.1, §5.3).</summary>
    public const string Followers = "followers";

    /// <summary><c>following</c>: the collection of actors an actor follows (AP §4.1, §5.4).</summary>
    public const string Following = "following";

    /// <summary><c>liked</c>: the collection of objects an actor liked (AP §4.1, §5.5).</summary>
    public const string Liked = "liked";

    /// <summary><c>likes</c>: the collection of an object's Likes (AP §5.7).</summary>
    public const string Likes = "likes";

    /// <summary><c>shares</c>: the collection of an object's Announces (AP §5.8).</summary>
    public const string Shares = "shares";

    /// <summary><c>streams</c>: an actor's further collections (AP §4.1).</summary>
    public const string Streams = "streams";

    /// <summary><c>preferredUsername</c>: an actor's short name, the user part of its handle (AP §4.1).</summary>
    public const string PreferredUsername = "preferredUsername";

    /// <summary><c>endpoints</c>: an object of an actor's server-wide endpoints (AP §4.1).</summary>
    public const string Endpoints = "endpoints";

    /// <summary><c>sharedInbox</c>: in <c>endpoints</c>: the server's inbox for every actor on it (AP §4.1, §7.1.3).</summary>
    public const string SharedInbox = "sharedInbox";

    /// <summary><c>source</c>: the source an object's <c>content</c> was made from, e.g. Markdown (AP §3.3).</summary>
    public const string Source = "source";

    // Extensions every ActivityPub server reads: Security Vocabulary v1, Mastodon, FEPs.

    /// <summary><c>publicKey</c>: an actor's key for HTTP Signatures (W3C Security Vocabulary v1, as Mastodon uses it).</summary>
    public const string PublicKey = "publicKey";

    /// <summary><c>publicKeyPem</c>: in <c>publicKey</c>: the key as PEM (W3C Security Vocabulary v1).</summary>
    public const string PublicKeyPem = "publicKeyPem";

    /// <summary><c>owner</c>: in <c>publicKey</c>: the actor the key belongs to (W3C Security Vocabulary v1).</summary>
    public const string Owner = "owner";

    /// <summary><c>manuallyApprovesFollowers</c>: true when an actor approves each follower (<c>as:manuallyApprovesFollowers</c>, a Mastodon extension).</summary>
    public const string ManuallyApprovesFollowers = "manuallyApprovesFollowers";

    /// <summary><c>sensitive</c>: true when an object's media or content should be hidden at first (<c>as:sensitive</c>, a Mastodon extension).</summary>
    public const string Sensitive = "sensitive";

    /// <summary><c>alsoKnownAs</c>: other ids of the same account, for a Move (<c>as:alsoKnownAs</c>, a Mastodon extension).</summary>
    public const string AlsoKnownAs = "alsoKnownAs";

    /// <summary><c>movedTo</c>: the account this one moved to (<c>as:movedTo</c>, a Mastodon extension).</summary>
    public const string MovedTo = "movedTo";

    /// <summary><c>discoverable</c>: true when an actor may be listed in directories (<c>toot:discoverable</c>, Mastodon).</summary>
    public const string Discoverable = "discoverable";

    /// <summary><c>indexable</c>: true when an actor's posts may be found by search (<c>toot:indexable</c>, Mastodon).</summary>
    public const string Indexable = "indexable";

    /// <summary>Mastodon's <c>toot:suspended</c>: the account was suspended by its server's moderators.</summary>
    public const string Suspended = "suspended";

    /// <summary><c>featured</c>: an actor's pinned posts collection (<c>toot:featured</c>, Mastodon).</summary>
    public const string Featured = "featured";

    /// <summary><c>value</c>: in a <c>PropertyValue</c> profile field: its value, HTML (<c>schema:value</c>, as Mastodon uses it).</summary>
    public const string Value = "value";

    /// <summary><c>implements</c>: in <c>generator</c>: the specs and extensions the actor's software implements (FEP-844e).</summary>
    public const string Implements = "implements";

    /// <summary><c>purpose</c>: a FEP-0837 proposal's <c>offer</c> or <c>request</c> (ValueFlows <c>vf:purpose</c>).</summary>
    public const string Purpose = "purpose";

    /// <summary><c>publishes</c>: the <c>Intent</c> a FEP-0837 proposal publishes (<c>vf:publishes</c>).</summary>
    public const string Publishes = "publishes";

    /// <summary><c>action</c>: what an <c>Intent</c> does, e.g. <c>deliverService</c>, <c>transfer</c> (<c>vf:action</c>).</summary>
    public const string Action = "action";

    /// <summary><c>unitBased</c>: whether a FEP-0837 proposal may be taken in part (<c>vf:unitBased</c>).</summary>
    public const string UnitBased = "unitBased";

    /// <summary><c>resourceConformsTo</c>: the kind of resource an <c>Intent</c> is about (<c>vf:resourceConformsTo</c>).</summary>
    public const string ResourceConformsTo = "resourceConformsTo";

    /// <summary><c>resourceQuantity</c>: how much of it (<c>vf:resourceQuantity</c>, a measure).</summary>
    public const string ResourceQuantity = "resourceQuantity";

    /// <summary><c>hasUnit</c>: a measure's unit (<c>om2:hasUnit</c>).</summary>
    public const string HasUnit = "hasUnit";

    /// <summary><c>hasNumericalValue</c>: a measure's number, as a string (<c>om2:hasNumericalValue</c>).</summary>
    public const string HasNumericalValue = "hasNumericalValue";

    /// <summary><c>webfinger</c>: an actor's canonical handle <c>user@host</c> (FEP-2c59).</summary>
    public const string WebFinger = "webfinger";
}
