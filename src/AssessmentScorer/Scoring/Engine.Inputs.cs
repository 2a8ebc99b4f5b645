using AssessmentScorer.Expressions;
using AssessmentScorer.Results;
using AssessmentScorer.RuleSets;

namespace AssessmentScorer.Scoring;

/// <summary>Reading a submission: its values, its subject, whether the rule set applies to it.</summary>
internal sealed partial class Engine
{
    private Value[] ReadValues(IReadOnlyDictionary<string, FieldValue> values, string path, List<Problem> problems, Value[]? reuse,
        Scratch? scratch)
    {
        var slots = reuse ?? new Value[_m.ValueSlots];
        if (values is SlotValues held)
        {
            // Values held by position (the CSV, workbook and JSON readers): the key table's fields, found once per
            // table, taken position by position without a lookup by key text.
            var fields = FieldsOf(held.Table, held.Kinds.Length);
            if (held.Order is { } order)
                foreach (var i in order) Read(slots, held, i, fields[i], path, problems);
            else
            {
                var kinds = held.Kinds;
                for (var i = 0; i < kinds.Length; i++)
                    if (kinds[i] != SlotValues.Absent) Read(slots, held, i, fields[i], path, problems);
            }
            return slots;
        }
        if (values is Dictionary<string, FieldValue> dict)
        {
            // A dictionary an embedding system built: enumerate without boxing an enumerator.
            foreach (var (key, fv) in dict) Read(slots, key, fv, path, problems, scratch);
            return slots;
        }
        foreach (var (key, fv) in values) Read(slots, key, fv, path, problems, scratch);
        return slots;
    }

    private void Read(Value[] slots, string key, in FieldValue fv, string path, List<Problem> problems, Scratch? scratch)
    {
        var f = scratch is not null ? scratch.Field(key) : _fieldsById.GetValueOrDefault(key);
        if (f is null)
        {
            Unknown(key, path, problems);
            return;
        }
        var v = Convert(f, in fv, path, key, problems);
        // Fields no expression reads are checked (their problems reported) but not kept.
        if (f.Slot < slots.Length) slots[f.Slot] = v;
    }

    private static void Unknown(string key, string path, List<Problem> problems) =>
        problems.Add(new Problem(SubmissionJson.Join(path, key), "AS5004", $"'{key}' is not a field of the data dictionary or of this rule set; it is not read"));

    /// <summary>The value at one position of values held by position, read as <see cref="Read(Value[], string, in FieldValue, string, List{Problem}, Scratch?)"/> reads it.</summary>
    private static void Read(Value[] slots, SlotValues held, int i, FieldDef? f, string path, List<Problem> problems)
    {
        if (f is null)
        {
            Unknown(held.Table[i], path, problems);
            return;
        }
        // A number in range, the usual case, straight from the numbers; anything else the general way.
        Value v;
        if (held.Kinds[i] == SlotValues.Number && f.Type.Kind == TypeKind.Number && held.Numbers![i] is var n && f.Accepts(n)) v = Value.Number(n);
        else
        {
            var fv = held.At(i);
            v = Convert(f, in fv, path, f.Id, problems);
        }
        if (f.Slot < slots.Length) slots[f.Slot] = v;
    }

    /// <summary>
    /// The fields of a key table's positions (null for a key that is no field), found once per table and engine and kept
    /// while the table lives; made again, longer, when the table has grown past a submission's positions. Any thread.
    /// </summary>
    private FieldDef?[] FieldsOf(ValueKeys table, int positions)
    {
        if (_fieldsByTable.TryGetValue(table, out var known) && known.Length >= positions) return known;
        var fields = new FieldDef?[Math.Max(positions, table.Count)];
        for (var i = 0; i < fields.Length; i++) fields[i] = _fieldsById.GetValueOrDefault(table[i]);
        _fieldsByTable.AddOrUpdate(table, fields);
        return fields;
    }

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<ValueKeys, FieldDef?[]> _fieldsByTable = new();

    private static Value Convert(FieldDef f, in FieldValue fv, string path, string key, List<Problem> problems)
    {
        // Fast path first: a number in range (the path text is only built for a problem).
        if (f.Type.Kind == TypeKind.Number && fv.Number is { } n0 && f.Accepts(n0))
            return Value.Number(n0);
        // The path text is made only for a problem.
        string At() => SubmissionJson.Join(path, key);
        switch (f.Type.Kind)
        {
            case TypeKind.Number:
                if (fv.Number is not { } d)
                {
                    problems.Add(new Problem(At(), "AS5002", $"{f.Name.Zh}（{f.Id}）应为数字，而不是“{fv}”，按缺失处理 / {f.Id} must be a number, not \"{fv}\""));
                    return Value.Missing;
                }
                if (f.Integer && d != decimal.Truncate(d))
                {
                    problems.Add(new Problem(At(), "AS5003", $"{f.Name.Zh}（{f.Id}）是计数，应为整数，而不是 {Fmt.Plain(d)}，按缺失处理 / {f.Id} is a count and must be a whole number, not {Fmt.Plain(d)}"));
                    return Value.Missing;
                }
                if ((f.Min is { } min && d < min) || (f.Max is { } max && d > max))
                {
                    var range = f.Max is null ? $"at least {Fmt.Plain(f.Min!.Value)}" : f.Min is null ? $"at most {Fmt.Plain(f.Max.Value)}" : $"from {Fmt.Plain(f.Min.Value)} to {Fmt.Plain(f.Max.Value)}";
                    var rangeZh = f.Max is null ? $"不小于 {Fmt.Plain(f.Min!.Value)}" : f.Min is null ? $"不大于 {Fmt.Plain(f.Max.Value)}" : $"{Fmt.Plain(f.Min.Value)} 到 {Fmt.Plain(f.Max.Value)}";
                    problems.Add(new Problem(At(), "AS5003", $"{f.Name.Zh}（{f.Id}）超出有效范围（{rangeZh}），不能是 {Fmt.Plain(d)}，按缺失处理 / {f.Id} must be {range}, not {Fmt.Plain(d)}"));
                    return Value.Missing;
                }
                return Value.Number(d);
            case TypeKind.Bool:
                if (fv.Flag is { } b) return Value.Bool(b);
                problems.Add(new Problem(At(), "AS5002", $"{f.Name.Zh}（{f.Id}）应为 是/否，而不是“{fv}”，按缺失处理 / {f.Id} must be yes or no (true/false), not \"{fv}\"; treated as missing"));
                return Value.Missing;
            case TypeKind.Level:
                {
                    var text = fv.Text ?? (fv.Number is { } n ? Fmt.Plain(n) : null);
                    var rank = text is null ? -1 : f.Type.Scale!.RankOf(text.Trim());
                    if (rank >= 0) return Value.Level(rank, text!.Trim());
                    problems.Add(new Problem(At(), "AS5008", $"{f.Name.Zh}（{f.Id}）应为 {string.Join("、", f.Type.Scale!.Levels)} 之一，而不是“{fv}”，按缺失处理 / {f.Id} must be one of {string.Join(", ", f.Type.Scale!.Levels)}, not \"{fv}\""));
                    return Value.Missing;
                }
            default:
                if (fv.Text is { } t)
                {
                    if (f.Type.Allowed is { } allowed && !allowed.Contains(t))
                    {
                        problems.Add(new Problem(At(), "AS5008", $"{f.Name.Zh}（{f.Id}）应为 {string.Join("、", allowed)} 之一，而不是“{t}”，按缺失处理 / {f.Id} must be one of {string.Join(", ", allowed)}, not \"{t}\""));
                        return Value.Missing;
                    }
                    return Value.OfText(t);
                }
                problems.Add(new Problem(At(), "AS5002", $"{f.Name.Zh}（{f.Id}）应为文字，而不是 {fv}，按缺失处理 / {f.Id} must be a text, not {fv}"));
                return Value.Missing;
        }
    }

    private static SubjectValues ReadSubject(Subject s, List<Problem> problems, SubjectValues sv)
    {
        Value Enum(string? v, IReadOnlyList<string> allowed, string key)
        {
            if (v is null) return Value.Missing;
            if (allowed.Contains(v)) return Value.OfText(v);
            problems.Add(new Problem($"subject.{key}", "AS5008", $"对象的 {key} 应为 {InputValues.Allowed(key)} 之一，而不是“{v}” / subject {key} must be one of {string.Join(", ", allowed)}, not \"{v}\""));
            return Value.Missing;
        }
        sv.Tier = Enum(s.Tier, DataDictionary.Tiers, "tier");
        sv.Category = Enum(s.Category, DataDictionary.Categories, "category");
        sv.Kind = Enum(s.Kind, DataDictionary.Kinds, "kind");
        sv.Ownership = Enum(s.Ownership, DataDictionary.Ownerships, "ownership");
        sv.Region = s.Region is null ? Value.Missing : Value.OfText(s.Region);
        sv.Beds = Value.Missing;
        if (s.Beds is { } b)
        {
            if (b < 0) problems.Add(new Problem("subject.beds", "AS5003", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"subject beds must be zero or more, not {b}")));
            else sv.Beds = Value.Number(b);
        }
        return sv;
    }

    private void CheckAppliesTo(Submission s, List<Problem> problems)
    {
        var a = _m.Merged.Own.AppliesTo;
        if (s.Subject.Kind is { } k && a.Kinds.Count > 0 && !a.Kinds.Contains(k))
            problems.Add(new Problem("subject.kind", "AS5009", $"this rule set assesses {string.Join("/", a.Kinds)} subjects, not a {k}"));
        if (s.Subject.Tier is { } t && a.Tiers.Count > 0 && DataDictionary.Tiers.Contains(t) && !a.Tiers.Contains(t))
            problems.Add(new Problem("subject.tier", "AS5009", $"this rule set assesses {string.Join("/", a.Tiers)} subjects, not {t}"));
        if (s.Subject.Category is { } c && a.Categories.Count > 0 && DataDictionary.Categories.Contains(c) && !a.Categories.Contains(c))
            problems.Add(new Problem("subject.category", "AS5009", $"this rule set assesses {string.Join("/", a.Categories)} subjects, not {c}"));
        if (s.Subject.Ownership is { } own && a.Ownership is not null && DataDictionary.Ownerships.Contains(own) && own != a.Ownership)
            problems.Add(new Problem("subject.ownership", "AS5009", $"this rule set assesses {a.Ownership} subjects, not {own}"));
        if (_m.Merged.Own.EffectiveFrom is { } from && s.Year < from.Year || _m.Merged.Own.EffectiveTo is { } to && s.Year > to.Year)
            problems.Add(new Problem("year", "AS5010", $"{_ref.Scheme}@{_ref.Version} is in force {Day(_m.Merged.Own.EffectiveFrom)} to {Day(_m.Merged.Own.EffectiveTo)}; {s.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)} is outside it"));
    }

    /// <summary>The first exclusion (<c>applies_to.exclude</c>) that holds for the subject, if any.</summary>
    private ExclusionDef? ExclusionOf(EvalContext ctx)
    {
        var list = _m.Exclusions;
        for (var k = 0; k < list.Count; k++)
            if (list[k].When.Fn(ctx) is { Kind: VKind.Bool } w && w.AsBool) return list[k];
        return null;
    }

    /// <summary>A subject the rule set does not assess: every indicator set aside with the reason, one problem naming it.</summary>
    private void SetAside(ref SubjectRun run, ExclusionDef x)
    {
        run.Excluded = true;
        for (var i = 0; i < run.Outcomes.Length; i++)
        {
            ref var o = ref run.Outcomes[i];
            var ind = _m.Indicators[i];
            o.TargetIndex = -1;
            o.BandIndex = -1;
            o.Status = IndicatorStatus.NotApplicable;
            o.NoMax = true;
            o.Explanation = x.ExplanationFor(ind, _m.Indicators.Count);
        }
        var field = x.When.SubjectAttributeNames.Length > 0 ? SubjectPath(x.When.SubjectAttributeNames[0])
            : x.When.FieldNames.Length > 0 ? "values." + x.When.FieldNames[0] : "subject";
        run.Problems!.Add(x.ProblemFor(field, _ref));
    }

    private static string Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "…";
}
