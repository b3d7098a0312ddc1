using System.Globalization;
using System.Text;

namespace PeerLink.Protocol;

/// <summary>Writes JSON exactly as ECMAScript's <c>JSON.stringify</c> does (ECMA-262 §25.5.2.3
/// QuoteJSONString), so the C# and TypeScript JSON forms compare byte for byte. Utf8JsonWriter is not
/// used: its default encoder escapes '+' and non-ASCII characters.</summary>
internal sealed class JsonText
{
    private readonly StringBuilder sb = new(512);
    private bool needComma;

    public JsonText BeginObject() => Open('{');

    public JsonText EndObject() => Close('}');

    public JsonText BeginArray() => Open('[');

    public JsonText EndArray() => Close(']');

    public JsonText Name(string name)
    {
        Separate();
        Quote(name);
        sb.Append(':');
        return this;
    }

    public JsonText String(string value)
    {
        Separate();
        Quote(value);
        needComma = true;
        return this;
    }

    public JsonText Number(long value)
    {
        Separate();
        sb.Append(value.ToString(CultureInfo.InvariantCulture));
        needComma = true;
        return this;
    }

    /// <summary>Already serialized JSON, written as is.</summary>
    public JsonText Raw(string json)
    {
        Separate();
        sb.Append(json);
        needComma = true;
        return this;
    }

    public JsonText Member(string name, string value) => Name(name).String(value);

    public JsonText Member(string name, long value) => Name(name).Number(value);

    public override string ToString() => sb.ToString();

    private JsonText Open(char c)
    {
        Separate();
        sb.Append(c);
        return this;
    }

    private JsonText Close(char c)
    {
        sb.Append(c);
        needComma = true;
        return this;
    }

    private void Separate()
    {
        if (needComma && sb.Length > 0 && sb[^1] != ':')
        {
            sb.Append(',');
        }

        needComma = false;
    }

    private void Quote(string value)
    {
        sb.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    var loneSurrogate = char.IsHighSurrogate(c)
                        ? i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1])
                        : char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(value[i - 1]));
                    if (c < ' ' || loneSurrogate)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }
}
