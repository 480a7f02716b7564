using System.Diagnostics.CodeAnalysis;

namespace OurSociety.ActivityPub.Vocabulary;

/// <summary>
/// The object, actor, link and collection types, spelt as in the ActivityStreams 2.0 vocabulary (AS2 Vocabulary §2
/// "Core Types", §3.2 "Actor Types", §3.3 "Object and Link Types"), for <c>type</c> values and <c>switch</c> cases.
/// Activity types are in <see cref="ActivityTypes"/>.
/// </summary>
public static class ObjectTypes
{
    /// <summary>The base type of everything that is not a Link (AS2 Vocabulary §2).</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The spec's own term; names here follow the spec.")]
    public const string Object = "Object";

    /// <summary>A reference to a resource by its <c>href</c> (AS2 Vocabulary §2).</summary>
    public const string Link = "Link";

    /// <summary>A set of items, in no order (AS2 Vocabulary §2).</summary>
    public const string Collection = "Collection";

    /// <summary>A set of items in order, newest first by convention (AS2 Vocabulary §2; AP §5).</summary>
    public const string OrderedCollection = "OrderedCollection";

    /// <summary>One page of a <see cref="Collection"/> (AS2 Vocabulary §2).</summary>
    public const string CollectionPage = "CollectionPage";

    /// <summary>One page of an <see cref="OrderedCollection"/> (AS2 Vocabulary §2).</summary>
    public const string OrderedCollectionPage = "OrderedCollectionPage";

    /// <summary>An actor that is a piece of software, e.g. a server's instance actor (AS2 Vocabulary §3.2).</summary>
    public const string Application = "Application";

    /// <summary>An actor that is a group, e.g. a community hub (AS2 Vocabulary §3.2).</summary>
    public const string Group = "Group";

    /// <summary>An actor that is an organisation (AS2 Vocabulary §3.2).</summary>
    public const string Organization = "Organization";

    /// <summary>An actor that is a person (AS2 Vocabulary §3.2).</summary>
    public const string Person = "Person";

    /// <summary>An actor that is a service, e.g. a bot (AS2 Vocabulary §3.2).</summary>
    public const string Service = "Service";

    /// <summary>A long text with a title, e.g. a blog post (AS2 Vocabulary §3.3).</summary>
    public const string Article = "Article";

    /// <summary>A sound document (AS2 Vocabulary §3.3).</summary>
    public const string Audio = "Audio";

    /// <summary>A document of any kind; servers also attach pictures as Document (AS2 Vocabulary §3.3).</summary>
    public const string Document = "Document";

    /// <summary>An event (AS2 Vocabulary §3.3).</summary>
    public const string Event = "Event";

    /// <summary>A picture (AS2 Vocabulary §3.3).</summary>
    public const string Image = "Image";

    /// <summary>A link to an actor named in a text (AS2 Vocabulary §3.3; a Link subtype).</summary>
    public const string Mention = "Mention";

    /// <summary>A short text, e.g. a status (AS2 Vocabulary §3.3).</summary>
    public const string Note = "Note";

    /// <summary>A web page (AS2 Vocabulary §3.3).</summary>
    public const string Page = "Page";

    /// <summary>A place (AS2 Vocabulary §3.3).</summary>
    public const string Place = "Place";

    /// <summary>A description of another object, its <c>describes</c> (AS2 Vocabulary §3.3).</summary>
    public const string Profile = "Profile";

    /// <summary>A relationship between a <c>subject</c> and an <c>object</c> (AS2 Vocabulary §3.3).</summary>
    public const string Relationship = "Relationship";

    /// <summary><c>Intent</c>: what a FEP-0837 proposal publishes: an action on a resource (ValueFlows <c>vf:Intent</c>).</summary>
    public const string Intent = "Intent";

    /// <summary>What stands where a deleted object was, with <c>formerType</c> and <c>deleted</c> (AS2 Vocabulary §3.3; AP §6.4).</summary>
    public const string Tombstone = "Tombstone";

    /// <summary>A video document (AS2 Vocabulary §3.3).</summary>
    public const string Video = "Video";

    /// <summary>
    /// A link to a hashtag's page, in <c>tag</c>. Not in the AS2 vocabulary: Mastodon defines it in the ActivityStreams
    /// namespace (<c>"Hashtag": "as:Hashtag"</c> in its context), and the whole fediverse reads it so.
    /// </summary>
    public const string Hashtag = "Hashtag";

    /// <summary>
    /// A profile field (<c>name</c>, <c>value</c>) in an actor's <c>attachment</c>. Not in the AS2 vocabulary: schema.org's
    /// type, as Mastodon defines it in its context (<c>"PropertyValue": "schema:PropertyValue"</c>).
    /// </summary>
    public const string PropertyValue = "PropertyValue";
}
