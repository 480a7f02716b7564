using OurSociety.ActivityPub.Signatures;

namespace OurSociety.ActivityPub.Tests.Signatures;

public sealed class StructuredFieldsTests
{
    [Fact]
    public void ParseDictionary_SignatureInput_KeepsTheExactInnerListText()
    {
        const string value = "(\"@method\" \"@query-param\";name=\"Pet\");created=1618884473;keyid=\"a\\\"b\";flag";
        var dictionary = StructuredFields.ParseDictionary("sig1=" + value + " ,  sig2=:AAEC:")!;

        Assert.Equal(["sig1", "sig2"], dictionary.Select(kv => kv.Key));
        var sig1 = dictionary[0].Value;
        Assert.True(sig1.IsInnerList);
        Assert.Equal("(\"@method\" \"@query-param\";name=\"Pet\")", sig1.RawText[..37]);
        Assert.Equal("a\"b", sig1.Item.Parameter("keyid")!.Value.Text);
        Assert.Equal(1618884473m, sig1.Item.Parameter("created")!.Value.Number);
        Assert.True(sig1.Item.Parameter("flag")!.Value.Flag);
        Assert.Equal("Pet", sig1.InnerList![1].Parameter("name")!.Value.Text);
        Assert.Equal([0, 1, 2], dictionary[1].Value.Item.Value.Bytes);
    }

    [Theory]
    [InlineData("a=1, b=-2.5, c=?0, d=tok/en:x, e=\"s\", f")]
    [InlineData("a=(), b=(1 2);x=1")]
    [InlineData("")]
    public void ParseDictionary_WellFormed_Parses(string input)
    {
        Assert.NotNull(StructuredFields.ParseDictionary(input));
    }

    [Theory]
    [InlineData("A=1")]
    [InlineData("a=1,")]
    [InlineData("a=1 b=2")]
    [InlineData("a=\"unterminated")]
    [InlineData("a=\"bad\\escape\"")]
    [InlineData("a=1234567890123456")]
    [InlineData("a=1.2345")]
    [InlineData("a=(1 2")]
    [InlineData("a=:not base64!:")]
    [InlineData("a=?2")]
    [InlineData("a=\"tab\there\"")]
    [InlineData("a=(1) ;x")]
    public void ParseDictionary_Malformed_IsNull(string input)
    {
        Assert.Null(StructuredFields.ParseDictionary(input));
    }
}
