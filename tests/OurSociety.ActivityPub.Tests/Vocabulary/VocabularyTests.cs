using System.Reflection;
using System.Text.Json.Nodes;
using OurSociety.ActivityPub.Vocabulary;

namespace OurSociety.ActivityPub.Tests.Vocabulary;

public sealed class VocabularyTests
{
    private static readonly string Golden = Path.Combine(AppContext.BaseDirectory, "golden");

    /// <summary>Terms of our own namespace (federation-specs/context.md): not AS2, so not in the library.</summary>
    private static readonly HashSet<string> OurTerms =
        ["kind", "situation", "tried", "happened", "learned", "advice", "locality", "triedOutcome", "derivedFrom", "adaptedFrom", "license",
         "consentState", "introduction", "introductionPolicy", "glueEr", "details", "timeCommitment", "linkRequest"];

    private static Dictionary<string, string> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);

    [Theory]
    [InlineData(typeof(ActivityTypes))]
    [InlineData(typeof(ObjectTypes))]
    public void TypeNames_AreSpeltAsTheirConstants(Type type)
    {
        var constants = Constants(type);
        Assert.NotEmpty(constants);
        Assert.All(constants, c => Assert.Equal(c.Key, c.Value));
    }

    [Fact]
    public void PropertyNames_AreTheirConstantsInCamelCase()
    {
        foreach (var (name, value) in Constants(typeof(AsProperties)))
        {
            var expected = name switch
            {
                nameof(AsProperties.AtContext) => "@context",
                nameof(AsProperties.WebFinger) => "webfinger",   // FEP-2c59 spells it in lower case
                _ => char.ToLowerInvariant(name[0]) + name[1..],
            };
            Assert.Equal(expected, value);
        }
    }

    [Fact]
    public void ActivityAndObjectTypes_DoNotOverlap() =>
        Assert.Empty(Constants(typeof(ActivityTypes)).Values.Intersect(Constants(typeof(ObjectTypes)).Values));

    /// <summary>Every type and property name in the documents we send and serve has a constant (ours excepted).</summary>
    [Fact]
    public void EveryNameInOurExamples_HasAConstant()
    {
        // GoToSocial's interaction-control terms are in the library too, in a class of their own (not AS2).
        var gts = Constants(typeof(InteractionControls)).Values.ToHashSet();
        var types = Constants(typeof(ActivityTypes)).Values.Concat(Constants(typeof(ObjectTypes)).Values).Concat(gts).ToHashSet();
        // So are Lemmy's group terms (moderators, postingRestrictedToMods: GroupTerms).
        var properties = Constants(typeof(AsProperties)).Values.Concat(gts).Concat(Constants(typeof(GroupTerms)).Values).ToHashSet();
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Golden, "*.json"))
        {
            var name = Path.GetFileName(file);
            if (name.StartsWith("webfinger", StringComparison.Ordinal) || name.StartsWith("nodeinfo", StringComparison.Ordinal)
                || name == "context.json")
            {
                continue;   // not ActivityStreams documents
            }

            var document = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            document.Remove("@context");
            Collect(document, types, properties, missing, name);
        }

        Assert.Empty(missing);
    }

    private static void Collect(JsonNode? node, HashSet<string> types, HashSet<string> properties, SortedSet<string> missing, string file)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    if (!properties.Contains(key) && !OurTerms.Contains(key))
                    {
                        missing.Add($"{file}: property {key}");
                    }

                    if (key == "type" && value is JsonValue v && !types.Contains(v.GetValue<string>()))
                    {
                        missing.Add($"{file}: type {v.GetValue<string>()}");
                    }

                    // A language map's keys are language tags (contentMap: {"ar": "…"}), not properties.
                    if (key is AsProperties.ContentMap or AsProperties.NameMap or AsProperties.SummaryMap)
                    {
                        continue;
                    }

                    Collect(value, types, properties, missing, file);
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Collect(item, types, properties, missing, file);
                }

                break;
            default:
                break;
        }
    }
}
