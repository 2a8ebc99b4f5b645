using AssessmentScorer.Expressions;
using AssessmentScorer.Results;
using AssessmentScorer.RuleSets;

namespace AssessmentScorer.Scoring;

/// <summary>The facts an explanation sentence is made from, kept instead of the sentence until it is read.</summary>
internal abstract class DeferredText
{
    /// <summary>The target text, when it is made from the same facts.</summary>
    public virtual string? Target(IndicatorDef ind) => null;

    /// <summary>The sentences; <paramref name="target"/> is the target text, or null for the sentence's own (<see cref="Target"/>), which it then writes into itself.</summary>
    public abstract Explanation Format(IndicatorDef ind, Value value, string? target, bool? met, decimal points, decimal max, ShowFlags show);

    /// <summary>The same sentences as <see cref="Format"/>, as characters into <paramref name="into"/>.</summary>
    public virtual void FormatInto(ExplanationChars into, IndicatorDef ind, Value value, string? target, bool? met, decimal points, decimal max, ShowFlags show) =>
        into.Set(Format(ind, value, target, met, points, max, show));
}

/// <summary>A year-over-year comparison: last year's value.</summary>
/// <remarks>With a minimum change, also that change and the threshold it gives (the scorer compared against it).</remarks>
internal sealed class YearOverYearText(Value before, YearOverYearText.MinChange? minChange) : DeferredText
{
    /// <summary>A minimum change and the threshold it gives, apart (most rules have none: 56 bytes a subject rather than 104).</summary>
    internal sealed record MinChange(Value Change, decimal Threshold);

    public YearOverYearText(Value before, (Value Change, decimal Threshold)? min)
        : this(before, min is { } m ? new MinChange(m.Change, m.Threshold) : null) { }

    private (Value Change, decimal Threshold)? Min => minChange is { } m ? (m.Change, m.Threshold) : null;

    public override string Target(IndicatorDef ind)
    {
        var text = new SentenceText(stackalloc char[128]);
        TargetInto(ref text, ind, Fmt.Value(before, ind.Display, false, stackalloc char[32]));
        return text.Done();
    }

    /// <summary>The <see cref="Target"/> text, written into <paramref name="text"/> (<paramref name="prevText"/>: last year's value as shown).</summary>
    private void TargetInto(ref SentenceText text, IndicatorDef ind, scoped ReadOnlySpan<char> prevText)
    {
        var increase = ind.Direction == "increase";
        if (Min is not { } m)
        {
            text.Add(increase ? "> " : "< "); text.Add(prevText); text.Add("（上年 / last year）");
            return;
        }
        var change = Fmt.BoundText(m.Change, percent: true);
        text.Add(increase ? "≥ " : "≤ "); text.Add(Fmt.Value(Value.Number(m.Threshold), ind.Display, false, stackalloc char[32]));
        for (var half = 0; half < 2; half++)
        {
            text.Add(half == 0 ? "（上年 " : " / last year "); text.Add(prevText); text.Add(increase ? " +" : " −"); text.Add(change);
        }
        text.Add("）");
    }

    public override Explanation Format(IndicatorDef ind, Value value, string? target, bool? met, decimal points, decimal max, ShowFlags show)
    {
        // Two numbers without a minimum change: the sentences are kept by them once two subjects share them (see Explainer.ScoredNumber).
        if (minChange is not null || value.Kind != VKind.Number || before.Kind != VKind.Number) return Make(ind, value, target, met, points, max, show, null, out _)!;
        var exact = (show & ShowFlags.Exact) != 0;
        var memos = ind.Sentences;
        if (memos.FindNumber(true, value.Num, before.Num, exact, target, met, points, max) is { } kept) return kept;
        var e = Make(ind, value, target, met, points, max, show, null, out var seen)!;
        if (seen) memos.KeepNumber(true, value.Num, before.Num, exact, target, met, points, max, e);
        return e;
    }

    public override void FormatInto(ExplanationChars into, IndicatorDef ind, Value value, string? target, bool? met, decimal points, decimal max, ShowFlags show) =>
        Make(ind, value, target, met, points, max, show, into, out _);

    private Explanation? Make(IndicatorDef ind, Value value, string? target, bool? met, decimal points, decimal max, ShowFlags show, ExplanationChars? into, out bool seen)
    {
        // The numbers are written into stack space and the sentences put together there: the two sentences are the only strings made.
        var increase = ind.Direction == "increase";
        var valueText = Fmt.Value(value, ind.Display, (show & ShowFlags.Exact) != 0, stackalloc char[32]);
        var prevText = Fmt.Value(before, ind.Display, false, stackalloc char[32]);
        var rel = Arith.Div(Arith.Sub(value, before), before);
        var relText = rel.IsAbsent ? default : Fmt.SignedPercent(rel.Num, stackalloc char[32]);
        var pts = Fmt.PointsOf(points, max);
        // No target given (a reader of the explanation alone): this comparison's own, written here rather than made as a string.
        var own = new SentenceText(stackalloc char[128]);
        if (target is null) TargetInto(ref own, ind, prevText);
        var targetText = target ?? own.Chars;
        var zh = new SentenceText(stackalloc char[256]);
        zh.Add(ind.Name.Zh); zh.Add(" "); zh.Add(valueText); zh.Add("（上年 "); zh.Add(prevText);
        if (!relText.IsEmpty) { zh.Add("，同比 "); zh.Add(relText); }
        zh.Add("）");
        if (met == true) { zh.Add(increase ? "同比提升" : "同比下降"); zh.Add("达标 → "); }
        else { zh.Add("未达到 "); zh.Add(targetText); zh.Add(" → "); }
        zh.Add(pts);
        var en = new SentenceText(stackalloc char[256]);
        en.Add(ind.Name.En); en.Add(" "); en.Add(valueText); en.Add(" (last year "); en.Add(prevText);
        if (!relText.IsEmpty) { en.Add(", "); en.Add(relText); en.Add(" on last year"); }
        if (met == true) { en.Add(") meets "); en.Add(targetText); en.Add(" → "); }
        else { en.Add("), target "); en.Add(targetText); en.Add(" not met → "); }
        en.Add(pts);
        own.Release();
        return SentenceText.Finish(ref zh, ref en, into, ind.Sentences, out seen);
    }
}

/// <summary>Words explanations and display values; results call it on first read.</summary>
internal static class Explainer
{
    private static readonly Explanation Empty = new("", "");

    public static string? Display(IndicatorDef def, in Value value, ShowFlags show) =>
        value.IsAbsent ? null : Fmt.Value(value, def.Display, (show & ShowFlags.Exact) != 0);

    /// <summary>
    /// An indicator's explanation as it is read from a result: the text the scorer deferred (year over year), else the
    /// sentence of its kind. A record's <c>Explanation</c> and <see cref="AssessmentResult.IndicatorExplanation"/> both read it here.
    /// </summary>
    public static Explanation Read(IndicatorDef ind, ExplainKind kind, DeferredText? deferred, Value value, int year, string? target, bool? met,
        decimal points, decimal max, CohortStanding? cohort, IReadOnlyList<string> missing, ShowFlags show) =>
        deferred?.Format(ind, value, target, met, points, max, show) ?? Format(ind, kind, value, year, target, met, points, max, cohort, missing, show);

    /// <summary>
    /// The explanation <see cref="Read"/> gives, as characters into <paramref name="into"/>: the sentences put together
    /// in stack space (a number's scored sentence, year over year) are copied there without a string; the others, kept or
    /// made as strings, are copied from their strings.
    /// </summary>
    public static void ReadInto(ExplanationChars into, IndicatorDef ind, ExplainKind kind, DeferredText? deferred, Value value, int year, string? target, bool? met,
        decimal points, decimal max, CohortStanding? cohort, IReadOnlyList<string> missing, ShowFlags show)
    {
        if (deferred is not null) deferred.FormatInto(into, ind, value, target, met, points, max, show);
        else if (kind == ExplainKind.Scored && value.Kind is not (VKind.Bool or VKind.Level or VKind.Text) && (show & ShowFlags.ZeroRead) == 0)
            Engine.Explain(ind, target, met, points, max, Fmt.Value(value, ind.Display, (show & ShowFlags.Exact) != 0, stackalloc char[32]), into);
        else if (kind == ExplainKind.Monitor) Monitor(ind, value, target, met, show, into);
        else if (kind == ExplainKind.Ranked) Ranked(ind, value, points, max, cohort!, into);
        else into.Set(Format(ind, kind, value, year, target, met, points, max, cohort, missing, show));
    }

    /// <summary>A monitored indicator's sentences (its value, and its target when it has one), put together in stack space: as strings, or into <paramref name="into"/>.</summary>
    private static Explanation? Monitor(IndicatorDef ind, Value value, string? target, bool? met, ShowFlags show, ExplanationChars? into)
    {
        var valueText = Fmt.Value(value, ind.Display, (show & ShowFlags.Exact) != 0, stackalloc char[32]);
        var zh = new SentenceText(stackalloc char[256]);
        var en = new SentenceText(stackalloc char[256]);
        zh.Add(ind.Name.Zh); zh.Add(" "); zh.Add(valueText);
        en.Add(ind.Name.En); en.Add(" "); en.Add(valueText);
        if (target is not null)
        {
            zh.Add("，目标 "); zh.Add(target); zh.Add(met == true ? "，达到" : "，未达到");
            en.Add(", target "); en.Add(target); en.Add(met == true ? " met" : " not met");
        }
        zh.Add("（监测指标，不计分）");
        en.Add(" (monitored, not scored)");
        return SentenceText.Finish(ref zh, ref en, into, ind.Sentences);
    }

    /// <summary>A ranked indicator's sentences (its value, its rank among its group's, its points), put together in stack space: as strings, or into <paramref name="into"/>.</summary>
    private static Explanation? Ranked(IndicatorDef ind, Value value, decimal points, decimal max, CohortStanding c, ExplanationChars? into)
    {
        var v = Fmt.Value(value, ind.Display, false, stackalloc char[32]);
        var pts = Fmt.PointsOf(points, max);
        // The rank and the group's size as an interpolated string writes them (the current culture's integers).
        Span<char> rankBuf = stackalloc char[16], ofBuf = stackalloc char[16];
        c.Rank.TryFormat(rankBuf, out var rn);
        c.Of.TryFormat(ofBuf, out var on);
        ReadOnlySpan<char> rank = rankBuf[..rn], of = ofBuf[..on];
        var zh = new SentenceText(stackalloc char[256]);
        var en = new SentenceText(stackalloc char[256]);
        zh.Add(ind.Name.Zh); zh.Add(" "); zh.Add(v); zh.Add("，在 "); zh.Add(c.Stratum); zh.Add(" 组 "); zh.Add(of); zh.Add(" 个对象中排第 "); zh.Add(rank); zh.Add(" → "); zh.Add(pts);
        en.Add(ind.Name.En); en.Add(" "); en.Add(v); en.Add(", ranked "); en.Add(rank); en.Add(" of "); en.Add(of); en.Add(" in "); en.Add(c.Stratum); en.Add(" → "); en.Add(pts);
        return SentenceText.Finish(ref zh, ref en, into, ind.Sentences);
    }

    public static Explanation Format(IndicatorDef ind, ExplainKind kind, Value value, int year, string? target, bool? met,
        decimal points, decimal max, CohortStanding? cohort, IReadOnlyList<string> missing, ShowFlags show)
    {
        switch (kind)
        {
            case ExplainKind.NoPeers:
                {
                    var v = Fmt.Value(value, ind.Display);
                    return new($"{ind.Name.Zh} {v}：不适用（按同组排名计分，同组没有其他可比对象）",
                        $"{ind.Name.En} {v}: not applicable (scored by rank within its group, and no other subject of the group has a value to rank against)");
                }
            case ExplainKind.NoTargetForYear:
                return ind.Memo("sentence.no_target_for_year", year, (ind, year), static s =>
                    new Explanation($"{s.ind.Name.Zh}：{s.year}年没有生效的目标", $"{s.ind.Name.En}: no target in force for {s.year}"));
            case ExplainKind.Monitor:
                return Monitor(ind, value, target, met, show, null)!;
            case ExplainKind.Scored:
                {
                    // A yes/no, level or text value has few texts: the sentence is kept per indicator for the few seen lately.
                    // A number is written into stack space, and the sentence put together there.
                    var exact = (show & ShowFlags.Exact) != 0;
                    var e = value.Kind is VKind.Bool or VKind.Level or VKind.Text
                        ? ind.Sentences.Get(ind, Fmt.Value(value, ind.Display, exact), target, met, points, max)
                        : value.Kind == VKind.Number ? ScoredNumber(ind, value.Num, exact, target, met, points, max)
                        : Engine.Explain(ind, target, met, points, max, Fmt.Value(value, ind.Display, exact, stackalloc char[32]));
                    return (show & ShowFlags.ZeroRead) == 0 ? e
                        : new(e.Zh + "（分母为零，无相关业务，按 0 计）", e.En + " (the denominator is zero: no such activity, read as 0)");
                }
            case ExplainKind.Ranked:
                return Ranked(ind, value, points, max, cohort!, null)!;
            // The sentences below depend on the indicator alone (and its points, the year or the missing data, which
            // subjects share): made once and kept rather than made for every read.
            case ExplainKind.Undefined:
                return max == ind.MaxPoints ? ind.Memo("sentence.undefined", 0, ind, static i => Undefined(i, i.MaxPoints)) : Undefined(ind, max);
            case ExplainKind.MissingData:
                return missing is MissingNames shared && max == ind.MaxPoints ? shared.Sentence ??= MissingData(ind, missing, max) : MissingData(ind, missing, max);
            default:
                return Empty;
        }
    }

    /// <summary>
    /// A number's scored sentences: kept with the indicator by the number and the rest of what they say once they have
    /// been made for two subjects (found again by their characters), so that later subjects with the same need neither
    /// formatting nor putting together; made otherwise.
    /// </summary>
    private static Explanation ScoredNumber(IndicatorDef ind, decimal number, bool exact, string? target, bool? met, decimal points, decimal max)
    {
        var memos = ind.Sentences;
        if (memos.FindNumber(false, number, 0, exact, target, met, points, max) is { } kept) return kept;
        var e = Engine.ExplainNumber(ind, target, met, points, max, Fmt.Value(Value.Number(number), ind.Display, exact, stackalloc char[32]), out var seen);
        if (seen) memos.KeepNumber(false, number, 0, exact, target, met, points, max, e);
        return e;
    }

    private static Explanation Undefined(IndicatorDef ind, decimal max) =>
        new($"{ind.Name.Zh}：无法计算（分母为零或数值溢出） → 0/{Fmt.Points(max)}",
            $"{ind.Name.En}: cannot be computed (division by zero or overflow) → 0/{Fmt.Points(max)}");

    private static Explanation MissingData(IndicatorDef ind, IReadOnlyList<string> missing, decimal max) =>
        new($"{ind.Name.Zh}：缺少数据（{string.Join("、", missing)}） → 0/{Fmt.Points(max)}",
            $"{ind.Name.En}: missing data ({string.Join(", ", missing)}) → 0/{Fmt.Points(max)}");
}

/// <summary>
/// An indicator's sentences kept for the subjects that share them: the last few "scored" sentences for values that are
/// not numbers (yes/no, a level, a text: such a value has few texts, so most subjects' sentences are one of a few), by
/// what they are made of; any sentence put together in stack space, by its characters (<see cref="Intern"/>); and
/// numbers' scored and year-over-year sentences once two subjects share them, by the numbers (<see cref="FindNumber"/>).
/// Shared by every thread: each slot is written whole (a reference to an immutable entry), so a reader sees an entry or
/// an empty slot, and a lost write only costs a miss.
/// </summary>
internal sealed class SentenceMemos
{
    private sealed class Entry(string value, string? target, bool? met, decimal points, decimal max, Explanation sentence)
    {
        public readonly string Value = value;
        public readonly string? Target = target;
        public readonly bool? Met = met;
        // Points are shown normalised (Fmt.PointsOf), so equal points give the same text whatever their scale.
        public readonly decimal Points = points, Max = max;
        public readonly Explanation Sentence = sentence;
    }

    private readonly Entry?[] _slots = new Entry?[8];
    private int _next;

    // The explanations made lately, by their characters: a slot per hash of the Chinese sentence (made on first use).
    private const int SharedSlots = 256;
    private Explanation?[]? _shared;

    /// <summary>
    /// The explanation of these two sentences: one made before with the same characters and still in its slot, else a new
    /// one, which takes the slot. Slots are written whole (a reference), so threads sharing the indicator at worst miss.
    /// </summary>
    public Explanation Intern(ReadOnlySpan<char> zh, ReadOnlySpan<char> en, out bool seen)
    {
        var slots = _shared ??= new Explanation?[SharedSlots];
        ref var slot = ref slots[Hash(zh) & (SharedSlots - 1)];
        if (slot is { } kept && zh.SequenceEqual(kept.Zh) && en.SequenceEqual(kept.En))
        {
            seen = true;
            return kept;
        }
        var made = new Explanation(new string(zh), new string(en));
        slot = made;
        seen = false;
        return made;
    }

    /// <summary>A number's scored sentence and what it was made of (the decimals to the bit: their texts can depend on sign and scale).</summary>
    private sealed class NumberEntry(decimal number, decimal before, bool exact, string? target, bool? met, decimal points, decimal max, Explanation sentence)
    {
        public readonly UInt128 Number = Bits(number), Before = Bits(before), Points = Bits(points), Max = Bits(max);
        public readonly bool Exact = exact;
        public readonly bool? Met = met;
        public readonly string? Target = target;
        public readonly Explanation Sentence = sentence;
    }

    // Numbers' sentences seen for two subjects or more, a slot per hash of the number, last year's and the points (made on
    // first use): scored sentences, and year-over-year ones (last year's number part of what they are made of).
    private NumberEntry?[]? _numbers, _yearOverYear;

    private static UInt128 Bits(decimal d) => System.Runtime.CompilerServices.Unsafe.As<decimal, UInt128>(ref d);

    private static int NumberSlot(UInt128 number, UInt128 before, UInt128 points)
    {
        var h = ((ulong)number ^ (ulong)(number >> 64) * 0x9E3779B97F4A7C15UL ^ (ulong)points * 0xC2B2AE3D27D4EB4FUL
            ^ ((ulong)before + (ulong)(before >> 64) * 0x165667B19E3779F9UL)) * 0x9E3779B97F4A7C15UL;
        return (int)(h >> 56);
    }

    /// <summary>The scored (or year-over-year, against <paramref name="before"/>) sentence kept for these (<see cref="KeepNumber"/>), or null.</summary>
    public Explanation? FindNumber(bool yearOverYear, decimal number, decimal before, bool exact, string? target, bool? met, decimal points, decimal max)
    {
        if ((yearOverYear ? _yearOverYear : _numbers) is not { } slots) return null;
        var (n, b, p) = (Bits(number), Bits(before), Bits(points));
        return slots[NumberSlot(n, b, p)] is { } e && e.Number == n && e.Before == b && e.Points == p && e.Met == met && e.Exact == exact && e.Max == Bits(max)
            && string.Equals(e.Target, target, StringComparison.Ordinal) ? e.Sentence : null;
    }

    /// <summary>Keeps <paramref name="sentence"/>, the sentence of these, for <see cref="FindNumber"/> (in place of the slot's last).</summary>
    public void KeepNumber(bool yearOverYear, decimal number, decimal before, bool exact, string? target, bool? met, decimal points, decimal max, Explanation sentence)
    {
        var slots = yearOverYear ? _yearOverYear ??= new NumberEntry?[SharedSlots] : _numbers ??= new NumberEntry?[SharedSlots];
        slots[NumberSlot(Bits(number), Bits(before), Bits(points))] = new NumberEntry(number, before, exact, target, met, points, max, sentence);
    }

    /// <summary>A quick hash of the characters, eight bytes at a time (not for use against chosen input: a collision only costs a miss).</summary>
    private static int Hash(ReadOnlySpan<char> s)
    {
        var words = System.Runtime.InteropServices.MemoryMarshal.Cast<char, ulong>(s);
        var h = (ulong)s.Length * 0x9E3779B97F4A7C15UL;
        foreach (var w in words) h = (ulong.RotateLeft(h, 23) ^ w) * 0x9E3779B97F4A7C15UL;
        for (var i = words.Length * 4; i < s.Length; i++) h = (ulong.RotateLeft(h, 23) ^ s[i]) * 0x9E3779B97F4A7C15UL;
        return (int)(h >> 40);
    }

    /// <summary>The sentence <see cref="Engine.Explain(IndicatorDef, string?, bool?, decimal, decimal, ReadOnlySpan{char})"/> makes of these, kept or made.</summary>
    public Explanation Get(IndicatorDef ind, string valueText, string? target, bool? met, decimal points, decimal max)
    {
        // The texts first (most often the same objects), the decimals' comparison last.
        foreach (var e in _slots)
            if (e is not null && e.Met == met && string.Equals(e.Value, valueText, StringComparison.Ordinal)
                && string.Equals(e.Target, target, StringComparison.Ordinal) && e.Points == points && e.Max == max) return e.Sentence;
        var made = Engine.Explain(ind, target, met, points, max, valueText);
        var i = (uint)Interlocked.Increment(ref _next) % (uint)_slots.Length;
        _slots[i] = new Entry(valueText, target, met, points, max, made);
        return made;
    }
}

/// <summary>Explanation and target wording the scorer chooses while scoring (the rest is worded when read, by <see cref="Explainer"/>).</summary>
internal sealed partial class Engine
{
    internal static Explanation Explain(IndicatorDef ind, string? target, bool? met, decimal points, decimal max, scoped ReadOnlySpan<char> valueText) =>
        Explain(ind, target, met, points, max, valueText, null, out _)!;

    /// <summary>The sentences of <see cref="Explain(IndicatorDef, string?, bool?, decimal, decimal, ReadOnlySpan{char})"/>: as strings, or as characters into <paramref name="into"/> (then null).</summary>
    internal static Explanation? Explain(IndicatorDef ind, string? target, bool? met, decimal points, decimal max, scoped ReadOnlySpan<char> valueText, ExplanationChars? into) =>
        Explain(ind, target, met, points, max, valueText, into, out _);

    /// <summary>The sentences of <see cref="Explain(IndicatorDef, string?, bool?, decimal, decimal, ReadOnlySpan{char})"/>, and whether they were kept from before (<see cref="SentenceMemos.Intern"/>).</summary>
    internal static Explanation ExplainNumber(IndicatorDef ind, string? target, bool? met, decimal points, decimal max, scoped ReadOnlySpan<char> valueText, out bool seen) =>
        Explain(ind, target, met, points, max, valueText, null, out seen)!;

    /// <summary>
    /// The sentences of <see cref="Explain(IndicatorDef, string?, bool?, decimal, decimal, ReadOnlySpan{char}, ExplanationChars?)"/>;
    /// <paramref name="seen"/>: whether they were kept with the indicator from before (made for another subject).
    /// </summary>
    private static Explanation? Explain(IndicatorDef ind, string? target, bool? met, decimal points, decimal max, scoped ReadOnlySpan<char> valueText,
        ExplanationChars? into, out bool seen)
    {
        // Each sentence is put together from its parts in stack space: it is the only string made.
        var pts = Fmt.PointsOf(points, max);
        var (howZh, howEn) = ind.ScoringMethod.How(met, points);
        var zh = new SentenceText(stackalloc char[256]);
        var en = new SentenceText(stackalloc char[256]);
        if (target is not null && ind.ValueType.Kind == TypeKind.Bool && target.StartsWith("= ", StringComparison.Ordinal))
        {
            // Yes/no in words, never "true = true": 是（应为 是）, and yes/no in the English sentence.
            static ReadOnlySpan<char> En(ReadOnlySpan<char> t) => t switch { "是" => "yes", "否" => "no", _ => t };
            var want = target.AsSpan(2);
            zh.Add(ind.Name.Zh); zh.Add("："); zh.Add(valueText); zh.Add(met == true ? "（应为" : "，未达到（应为"); zh.Add(want); zh.Add("）");
            en.Add(ind.Name.En); en.Add(": "); en.Add(En(valueText)); en.Add(met == true ? " (required: " : ", not met (required: "); en.Add(En(want)); en.Add(")");
        }
        else
        {
            zh.Add(ind.Name.Zh); zh.Add(" "); zh.Add(valueText);
            en.Add(ind.Name.En); en.Add(" "); en.Add(valueText);
            if (target is not null)
            {
                if (met == true) { zh.Add(" "); zh.Add(target); en.Add(" "); en.Add(target); }
                else { zh.Add("，未达到 "); zh.Add(target); en.Add(", target "); en.Add(target); en.Add(" not met"); }
            }
        }
        zh.Add(howZh); zh.Add(" → "); zh.Add(pts);
        en.Add(howEn); en.Add(" → "); en.Add(pts);
        return SentenceText.Finish(ref zh, ref en, into, ind.Sentences, out seen);
    }

    /// <summary>The target text, reused while a case's bounds come out the same (most subjects share their targets).</summary>
    private static string TargetTextOf(TargetCase t, in Value b, in Value? upper, in Value? tol, IndicatorDef ind)
    {
        // Constant bounds cannot change from one subject to the next: the indicator is all there is to compare.
        if (t.LastText is { } m && ReferenceEquals(m.Indicator, ind) && (t.Constant || Same(m.Bound, b) && Same(m.Upper, upper) && Same(m.Tolerance, tol))) return m.Text;
        var text = TargetText(t, b, upper, tol, ind);
        if (t.DataFree) t.LastText = new TargetTextMemo(ind, b, upper, tol, text);
        return text;

        // The same value, down to the decimal's scale (which the text shows).
        static bool Same(Value? x, Value? y) => x is not { } a ? y is null : y is { } c && a.Kind == c.Kind && a.Num == c.Num && a.Num.Scale == c.Num.Scale
            && string.Equals(a.Text, c.Text, StringComparison.Ordinal);
    }

    internal static string TargetText(TargetCase t, Value b, Value? upper, Value? tol, IndicatorDef? ind, bool? percentOverride = null)
    {
        var percent = percentOverride ?? (t.Bound.IsPercent || ind?.Display == Display.Percent);
        var bt = Fmt.BoundText(b, percent);
        var usesPrev = t.UsesPrevious;
        var suffix = usesPrev ? "（上年 / last year）" : "";
        return t.Op switch
        {
            "between" => $"{bt}–{Fmt.BoundText(upper!.Value, percent)}",
            "about" => AboutText(t.Side, bt, Fmt.BoundText(tol!.Value, percent || (t.Tolerance?.IsPercent ?? false))),
            _ => $"{Fmt.OpSymbol(t.Op)} {bt}{suffix}",
        };
    }

    /// <summary>An about target: "≈ 2 ± 0.2" when either side meets it, "≥ 1.1 − 0.11" or "≤ 75% + 2%" when one-sided.</summary>
    private static string AboutText(string? side, string bound, string tolerance) => side switch
    {
        "at_least" => $"≥ {bound} − {tolerance}",
        "at_most" => $"≤ {bound} + {tolerance}",
        _ => $"≈ {bound} ± {tolerance}",
    };
}
