using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace AssessmentScorer.RuleSets;

/// <summary>A YAML node with its position; our own tree so positions survive and limits hold.</summary>
internal abstract class YNode
{
    protected YNode(int line, int column) { Line = line; Column = column; }
    public int Line { get; }
    public int Column { get; }
    public abstract string Kind { get; }
}

internal sealed class YScalar : YNode
{
    public YScalar(string value, bool plain, bool quoted, int line, int column, char quote = '\0') : base(line, column)
    { Value = value; IsPlain = plain; IsQuoted = quoted; Quote = quote; }
    public char Quote { get; }
    public string Value { get; }
    public bool IsPlain { get; }
    public bool IsQuoted { get; }
    /// <summary>True for a plain <c>~</c>, <c>null</c> or empty scalar.</summary>
    public bool IsNull => IsPlain && (Value.Length == 0 || Value is "~" or "null" or "Null" or "NULL");
    public override string Kind => "a scalar";
}

internal sealed class YMap : YNode
{
    public YMap(int line, int column) : base(line, column) { }
    public List<KeyValuePair<YScalar, YNode>> Entries { get; } = new();
    public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);
    public YNode? Get(string key)
    {
        foreach (var e in Entries) if (e.Key.Value == key) return e.Value;
        return null;
    }
    public override string Kind => "a mapping";
}

internal sealed class YSeq : YNode
{
    public YSeq(int line, int column) : base(line, column) { }
    public List<YNode> Items { get; } = new();
    public override string Kind => "a list";
}



/// <summary>Reads YAML text into <see cref="YNode"/> trees via the event parser (no recursion on input depth).</summary>
internal static class YamlReader
{
    public static YNode? Read(string text, string file, RuleSetLimits limits, DiagnosticBag diags)
    {
        if (Encoding.UTF8.GetByteCount(text) > limits.MaxFileBytes)
        {
            diags.Add(Errors.FileTooLarge(new Location(file, 0, 0), limits.MaxFileBytes));
            return null;
        }
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, (YNode Node, int Size)>(StringComparer.Ordinal);
        var stack = new Stack<(YNode Node, int Size, string? Anchor, YScalar? PendingKey)>();
        YNode? root = null;
        int nodes = 0;
        int documents = 0;
        try
        {
            while (parser.MoveNext())
            {
                var ev = parser.Current!;
                switch (ev)
                {
                    case DocumentStart ds when !ds.IsImplicit || documents > 0:
                        documents++;
                        if (documents > 1)
                        {
                            diags.Add(Errors.MultipleDocuments(Loc(file, ev.Start)));
                            return null;
                        }
                        break;
                    case DocumentStart:
                        documents++;
                        break;
                    case Scalar s:
                        {
                            var node = new YScalar(s.Value, s.Style == ScalarStyle.Plain,
                                s.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted,
                                (int)s.Start.Line, (int)s.Start.Column,
                                s.Style == ScalarStyle.SingleQuoted ? '\'' : s.Style == ScalarStyle.DoubleQuoted ? '"' : '\0');
                            if (++nodes > limits.MaxNodes) { diags.Add(Errors.TooManyNodes(Loc(file, ev.Start), limits.MaxNodes)); return null; }
                            if (!s.Anchor.IsEmpty) anchors[s.Anchor.Value] = (node, 1);
                            if (!Attach(node, 1, ref root, stack, file, diags)) return null;
                            break;
                        }
                    case AnchorAlias a:
                        {
                            if (!anchors.TryGetValue(a.Value.Value, out var target))
                            {
                                diags.Add(Errors.YamlSyntax(Loc(file, ev.Start), $"the alias *{a.Value.Value} names no anchor defined before it"));
                                return null;
                            }
                            nodes += target.Size;
                            if (nodes > limits.MaxNodes) { diags.Add(Errors.TooManyNodes(Loc(file, ev.Start), limits.MaxNodes)); return null; }
                            if (!Attach(target.Node, target.Size, ref root, stack, file, diags)) return null;
                            break;
                        }
                    case MappingStart ms:
                        if (++nodes > limits.MaxNodes) { diags.Add(Errors.TooManyNodes(Loc(file, ev.Start), limits.MaxNodes)); return null; }
                        if (stack.Count >= limits.MaxDepth) { diags.Add(Errors.TooDeep(Loc(file, ev.Start), limits.MaxDepth)); return null; }
                        stack.Push((new YMap((int)ms.Start.Line, (int)ms.Start.Column), 1, ms.Anchor.IsEmpty ? null : ms.Anchor.Value, null));
                        break;
                    case SequenceStart ss:
                        if (++nodes > limits.MaxNodes) { diags.Add(Errors.TooManyNodes(Loc(file, ev.Start), limits.MaxNodes)); return null; }
                        if (stack.Count >= limits.MaxDepth) { diags.Add(Errors.TooDeep(Loc(file, ev.Start), limits.MaxDepth)); return null; }
                        stack.Push((new YSeq((int)ss.Start.Line, (int)ss.Start.Column), 1, ss.Anchor.IsEmpty ? null : ss.Anchor.Value, null));
                        break;
                    case MappingEnd or SequenceEnd:
                        {
                            var (node, size, anchor, _) = stack.Pop();
                            if (anchor != null) anchors[anchor] = (node, size);
                            if (!Attach(node, size, ref root, stack, file, diags)) return null;
                            break;
                        }
                }
            }
        }
        catch (YamlException ex)
        {
            var msg = ex.Message;
            // YamlDotNet prefixes positions; ours come from the mark, so keep the sentence only.
            var idx = msg.IndexOf("): ", StringComparison.Ordinal);
            if (msg.StartsWith("(Line", StringComparison.Ordinal) && idx > 0) msg = msg[(idx + 3)..];
            diags.Add(Errors.YamlSyntax(Loc(file, ex.Start), msg));
            return null;
        }
        catch (ArgumentException ex)
        {
            // YamlDotNet rejects some tags (e.g. "[!!binary]": "Global tags must be valid URIs") with an ArgumentException.
            var at = parser.Current is { } cur ? Loc(file, cur.End) : new Location(file, 0, 0);
            var msg = ex.Message;
            var param = msg.IndexOf(" (Parameter", StringComparison.Ordinal);
            diags.Add(Errors.YamlSyntax(at, param > 0 ? msg[..param] : msg));
            return null;
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet reports some unclosed flow collections this way rather than as a YamlException.
            var at = parser.Current is { } cur ? Loc(file, cur.End) : new Location(file, 0, 0);
            diags.Add(Errors.YamlSyntax(at, $"the text ends inside a flow collection or is malformed ({ex.Message})"));
            return null;
        }
        return root;
    }

    private static bool Attach(YNode node, int size, ref YNode? root,
        Stack<(YNode Node, int Size, string? Anchor, YScalar? PendingKey)> stack, string file, DiagnosticBag diags)
    {
        if (stack.Count == 0) { root = node; return true; }
        var top = stack.Pop();
        top.Size += size;
        switch (top.Node)
        {
            case YSeq seq:
                seq.Items.Add(node);
                break;
            case YMap map when top.PendingKey is null:
                if (node is not YScalar key)
                {
                    diags.Add(Errors.ComplexKey(new Location(file, node.Line, node.Column)));
                    return false;
                }
                top.PendingKey = key;
                break;
            case YMap map:
                var k = top.PendingKey!;
                if (!map.Keys.Add(k.Value))
                    diags.Add(Errors.DuplicateKey(new Location(file, k.Line, k.Column), k.Value));
                else
                    map.Entries.Add(new(k, node));
                top.PendingKey = null;
                break;
        }
        stack.Push(top);
        return true;
    }

    private static Location Loc(string file, Mark m) => new(file, (int)m.Line, (int)m.Column);
}
