using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PeerLink.Protocol.Tests.Vectors;

/// <summary>Writes spec/vectors/*.json deterministically and finds them in the repository.</summary>
internal static class VectorFiles
{
    public const string WriteVariable = "PEERLINK_WRITE_VECTORS";

    public static string Directory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "spec", "vectors");
                if (File.Exists(Path.Combine(dir.FullName, "PeerLink.slnx")) && System.IO.Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException("spec/vectors not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The <c>encoding</c> member of a token vector (spec §9).</summary>
    public static string EncodingName(TokenEncoding encoding) => encoding switch
    {
        TokenEncoding.Json => "json",
        TokenEncoding.Digits => "digits",
        _ => "compact",
    };

    public static string PathOf(string file) => Path.Combine(Directory, file);

    public static JsonElement Load(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(PathOf(file)));
        return doc.RootElement.Clone();
    }

    public static string Tokens() => Write(w =>
    {
        w.WriteNumber("now", Samples.Now);
        w.WriteStartArray("valid");
        foreach (var v in TokenVectors.Valid())
        {
            w.WriteStartObject();
            w.WriteString("name", v.Name);
            w.WriteString("text", v.Text);
            w.WriteString("encoding", EncodingName(v.Encoding));
            w.WritePropertyName("token");
            w.WriteRawValue(TokenCodec.ToJson(v.Token));
            w.WriteString("sessionId", v.Token.SessionId);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteInvalid(w, TokenVectors.Invalid());
    });

    public static string Descriptions() => Write(w =>
    {
        w.WriteNumber("sessionVersionId", 1);
        w.WriteStartArray("valid");
        foreach (var v in DescriptionVectors.Valid())
        {
            w.WriteStartObject();
            w.WriteString("name", v.Name);
            w.WriteString("sdp", v.Sdp);
            w.WritePropertyName("description");
            w.WriteRawValue(DescriptionCodec.ToJson(v.Description));
            w.WriteString("compact", DescriptionCodec.EncodeCompact(v.Description));
            w.WriteBoolean("endOfCandidates", v.EndOfCandidates);
            w.WriteString("rebuilt", v.Rebuilt);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("invalid");
        foreach (var (name, sdp) in DescriptionVectors.Unsupported())
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("sdp", sdp);
            w.WriteString("reason", SdpCompactionException.UnsupportedSdp);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    public static string Messages() => Write(w =>
    {
        w.WriteStartArray("valid");
        foreach (var (name, json) in MessageVectors.Valid())
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("json", json);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteInvalid(w, MessageVectors.Invalid(), "json");
    });

    private static void WriteInvalid(Utf8JsonWriter w, IEnumerable<InvalidVector> vectors, string textName = "text")
    {
        w.WriteStartArray("invalid");
        foreach (var v in vectors)
        {
            w.WriteStartObject();
            w.WriteString("name", v.Name);
            w.WriteString(textName, v.Text);
            w.WriteString("reason", v.Reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
