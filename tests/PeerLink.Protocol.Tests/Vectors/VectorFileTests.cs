namespace PeerLink.Protocol.Tests.Vectors;

/// <summary>The committed vector files are exactly what the code generates: a change to either shows up
/// here. <c>PEERLINK_WRITE_VECTORS=1 dotnet test tests/PeerLink.Protocol.Tests</c> rewrites them.</summary>
public sealed class VectorFileTests
{
    [Theory]
    [InlineData("tokens.json")]
    [InlineData("descriptions.json")]
    [InlineData("messages.json")]
    public void CommittedFile_MatchesGenerator(string file)
    {
        var generated = file switch
        {
            "tokens.json" => VectorFiles.Tokens(),
            "descriptions.json" => VectorFiles.Descriptions(),
            _ => VectorFiles.Messages(),
        };
        var path = VectorFiles.PathOf(file);
        if (Environment.GetEnvironmentVariable(VectorFiles.WriteVariable) == "1")
        {
            File.WriteAllText(path, generated);
        }

        Assert.Equal(generated, File.ReadAllText(path));
    }
}
