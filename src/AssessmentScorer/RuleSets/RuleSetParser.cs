using System.Security.Cryptography;
using System.Text;
using AssessmentScorer.Scoring.Methods;

namespace AssessmentScorer.RuleSets;

/// <summary>Second pass of loading: walks the YAML node tree into the raw rule-set model.</summary>
internal static class RuleSetParser
{
    private static readonly string[] RootKeys =
    {
        "scheme", "version", "status", "title", "effective", "applies_to", "sources", "extends", "fields", "scales",
        "dimensions", "indicators", "remove", "aggregates", "grading", "vetoes", "total_points", "notes",
        "descriptions",
    };
    private static readonly string[] IndicatorKeys =
    {
        "id", "name", "dimension", "value", "applies_when", "when_undefined", "target", "score", "points", "weight", "source", "unit", "task", "tags", "note",
    };
    private static readonly string[] CaseKeys = { "when", "at_least", "at_most", "greater_than", "less_than", "equals", "about", "tolerance", "side", "between", "note" };
    internal static readonly string[] Comparators = { "at_least", "at_most", "greater_than", "less_than", "equals", "about", "between" };

    public static RawRuleSet? Parse(string text, string file, RuleSetLimits limits, DiagnosticBag diags)
    {
        var root = YamlReader.Read(text, file, limits, diags);
        if (root is null)
        {
            if (!diags.HasErrors) diags.Add(Errors.EmptyFile(new Location(file, 1, 1)));
            return null;
        }
        var w = new NodeWalker(file, diags);
        var m = w.AsMap(root, "a rule file");
        if (m is null) return null;
        w.CheckKeys(m, "the rule file", RootKeys);

        var scheme = w.Str(m, "scheme", "a rule file", required: true);
        if (scheme is not null && !IsSchemeId(scheme))
        {
            diags.Add(Errors.InvalidValue(w.L(m.Get("scheme")!), "scheme id", scheme, "a dotted lower-case id like cn.anhui.bozhou.qiaocheng.high-quality"));
            scheme = null;
        }
        var versionText = w.Str(m, "version", "a rule file", required: true);
        SemVersion version = default;
        if (versionText is not null && !SemVersion.TryParse(versionText, out version))
            diags.Add(Errors.InvalidVersion(w.L(m.Get("version")!), versionText));
        var status = w.Str(m, "status", "a rule file") ?? "draft";
        if (status is not ("draft" or "published"))
            diags.Add(Errors.InvalidValue(w.L(m.Get("status")!), "status", status, "draft or published"));
        var title = w.Text(m.Get("title"), "title") ;
        if (title is null && m.Get("title") is null) diags.Add(Errors.MissingKey(w.L(m), "title", "a rule file"));

        DateOnly? from = null, to = null;
        if (w.AsMap(m.Get("effective"), "effective") is { } eff)
        {
            w.CheckKeys(eff, "effective", new[] { "from", "to" });
            from = w.Date(eff.Get("from"), "effective.from");
            to = w.Date(eff.Get("to"), "effective.to");
            if (from is not null && to is not null && to < from)
                diags.Add(Errors.InvalidValue(w.L(eff), "effective period", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{from:yyyy-MM-dd} to {to:yyyy-MM-dd}"), "'to' on or after 'from'"));
        }

        var applies = new RawAppliesTo(new[] { "hospital" }, Array.Empty<string>(), Array.Empty<string>(), null);
        if (w.AsMap(m.Get("applies_to"), "applies_to") is { } ap)
        {
            w.CheckKeys(ap, "applies_to", new[] { "kind", "kinds", "tiers", "categories", "ownership", "exclude" });
            var kinds = w.StrList(ap.Get("kind") ?? ap.Get("kinds"), "applies_to.kind");
            applies = new RawAppliesTo(kinds.Count > 0 ? kinds : new[] { "hospital" }, w.StrList(ap.Get("tiers"), "applies_to.tiers"),
                w.StrList(ap.Get("categories"), "applies_to.categories"), w.Str(ap, "ownership", "applies_to"))
            { Exclude = ParseExclusions(w, ap.Get("exclude")) };
            foreach (var k in applies.Kinds) CheckEnum(w, ap, "kind", k, DataDictionary.Kinds);
            foreach (var t in applies.Tiers) CheckEnum(w, ap, "tiers", t, DataDictionary.Tiers);
            foreach (var c in applies.Categories) CheckEnum(w, ap, "categories", c, DataDictionary.Categories);
        }

        var sources = new List<RawSourceDoc>();
        if (w.AsSeq(m.Get("sources"), "sources") is { } srcs)
            foreach (var item in srcs.Items)
            {
                if (item is YScalar s) { sources.Add(new RawSourceDoc(s.Value, null)); continue; }
                if (w.AsMap(item, "a source") is not { } sm) continue;
                w.CheckKeys(sm, "a source", new[] { "file", "title" });
                var f = w.Str(sm, "file", "a source", required: true);
                if (f is not null) sources.Add(new RawSourceDoc(f, w.Str(sm, "title", "a source")));
            }

        (string, Location)? extends = null;
        if (w.Str(m, "extends", "a rule file") is { } ext) extends = (ext, w.L(m.Get("extends")!));

        var fields = ParseList(w, m.Get("fields"), "fields", n => ParseField(w, n));
        var scales = ParseList(w, m.Get("scales"), "scales", n => ParseScale(w, n));
        var dims = ParseList(w, m.Get("dimensions"), "dimensions", n => ParseDimension(w, n));
        var inds = ParseList(w, m.Get("indicators"), "indicators", n => ParseIndicator(w, n));
        var aggs = ParseList(w, m.Get("aggregates"), "aggregates", n => ParseAggregate(w, n));
        var vetoes = ParseList(w, m.Get("vetoes"), "vetoes", n => ParseVeto(w, n));
        var remove = new List<(string, Location)>();
        if (w.AsSeq(m.Get("remove"), "remove") is { } rm)
            foreach (var item in rm.Items)
                if (w.Scalar(item, "an item of remove") is { } s) remove.Add((s.Value, w.L(s)));
        var grading = m.Get("grading") is { } g ? ParseGrading(w, g) : null;
        var total = m.Get("total_points") is { } tp ? w.Num(tp, "total_points") : null;

        CheckDuplicates(w, fields.Select(f => (f.Id, f.At)), "field");
        CheckDuplicates(w, scales.Select(f => (f.Id, f.At)), "scale");
        CheckDuplicates(w, dims.Select(f => (f.Id, f.At)), "dimension");
        CheckDuplicates(w, inds.Select(f => (f.Id, f.At)), "indicator");
        CheckDuplicates(w, aggs.Select(f => (f.Id, f.At)), "aggregate");
        CheckDuplicates(w, vetoes.Select(f => (f.Id, f.At)), "veto");

        var descriptions = ParseDescriptions(w, m.Get("descriptions"));

        if (scheme is null || versionText is null || title is null) return null;
        return new RawRuleSet(file, w.L(m), scheme, version, status, title, from, to, applies, sources, extends,
            fields, scales, dims, inds, remove, aggs, grading, vetoes, total, Digest(root)) { Descriptions = descriptions };
    }

    /// <summary><c>descriptions:</c> — each condition's text mapped to its wording for readers, <c>{ zh: …, en: … }</c>.</summary>
    private static Dictionary<string, Bilingual> ParseDescriptions(NodeWalker w, YNode? n)
    {
        var map = new Dictionary<string, Bilingual>(StringComparer.Ordinal);
        if (n is null || w.AsMap(n, "descriptions") is not { } m) return map;
        foreach (var (key, value) in m.Entries)
            if (w.Text(value, $"the description of '{key.Value}'") is { } text)
                map[RawRuleSet.DescriptionKey(key.Value)] = text;
        return map;
    }

    private static void CheckEnum(NodeWalker w, YMap m, string key, string value, IReadOnlyList<string> allowed)
    {
        if (!allowed.Contains(value))
            w.Diags.Add(Errors.InvalidValue(w.L(m.Get(key) ?? m), key, value, string.Join(", ", allowed)));
    }

    public static bool IsSchemeId(string s) =>
        s.Length is > 0 and <= 120 && s.Split('.').All(p => p.Length > 0 && char.IsAsciiLetterLower(p[0]) &&
            p.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-' || c == '_'));

    internal static List<T> ParseList<T>(NodeWalker w, YNode? n, string what, Func<YNode, T?> item) where T : class
    {
        var list = new List<T>();
        if (w.AsSeq(n, what) is not { } seq) return list;
        foreach (var i in seq.Items)
            if (item(i) is { } x) list.Add(x);
        return list;
    }

    private static void CheckDuplicates(NodeWalker w, IEnumerable<(string Id, Location At)> items, string kind)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, at) in items)
            if (!seen.Add(id)) w.Diags.Add(Errors.DuplicateId(at, kind, id));
    }

    internal static RawField? ParseField(NodeWalker w, YNode n)
    {
        if (w.AsMap(n, "a field") is not { } m) return null;
        w.CheckKeys(m, "a field", new[] { "id", "name", "type", "unit", "min", "max", "scale", "values" });
        var id = w.Id(m, "id", "a field");
        var type = w.Str(m, "type", "a field") ?? "number";
        if (type is not ("number" or "integer" or "boolean" or "text" or "level"))
            w.Diags.Add(Errors.InvalidValue(w.L(m.Get("type")!), "field type", type, "number, integer, boolean, text or level"));
        var scale = w.Str(m, "scale", "a field");
        if (type == "level" && scale is null) w.Diags.Add(Errors.MissingKey(w.L(m), "scale", "a field of type level"));
        var values = m.Get("values") is { } v ? w.StrList(v, "values") : null;
        if (id is null) return null;
        return new RawField(id, w.L(m), w.Text(m.Get("name"), $"the name of field '{id}'"), type, w.Str(m, "unit", "a field"),
            m.Get("min") is { } mn ? w.Num(mn, "min") : null, m.Get("max") is { } mx ? w.Num(mx, "max") : null, scale, values);
    }

    internal static RawScale? ParseScale(NodeWalker w, YNode n)
    {
        if (w.AsMap(n, "a scale") is not { } m) return null;
        w.CheckKeys(m, "a scale", new[] { "id", "levels", "name" });
        var id = w.Id(m, "id", "a scale");
        var levels = w.StrList(m.Get("levels"), "levels");
        if (levels.Count < 2) w.Diags.Add(Errors.MissingKey(w.L(m), "levels (at least two, lowest first)", "a scale"));
        if (levels.Distinct().Count() != levels.Count) w.Diags.Add(Errors.DuplicateId(w.L(m.Get("levels") ?? m), "level", string.Join(",", levels.GroupBy(x => x).Where(g2 => g2.Count() > 1).Select(g2 => g2.Key))));
        return id is null ? null : new RawScale(id, w.L(m), levels);
    }

    private static RawDimension? ParseDimension(NodeWalker w, YNode n)
    {
        if (w.AsMap(n, "a dimension") is not { } m) return null;
        w.CheckKeys(m, "a dimension", new[] { "id", "name", "parent" });
        var id = w.Id(m, "id", "a dimension");
        var name = w.Text(m.Get("name"), "the name of a dimension");
        if (name is null && m.Get("name") is null) w.Diags.Add(Errors.MissingKey(w.L(m), "name", "a dimension"));
        return id is null || name is null ? null : new RawDimension(id, w.L(m), name, w.Str(m, "parent", "a dimension"));
    }

    private static List<RawExclusion> ParseExclusions(NodeWalker w, YNode? n)
    {
        var list = new List<RawExclusion>();
        if (n is null || w.AsSeq(n, "applies_to.exclude") is not { } seq) return list;
        foreach (var item in seq.Items)
        {
            if (w.AsMap(item, "an exclusion (applies_to.exclude)") is not { } m) continue;
            w.CheckKeys(m, "an exclusion", new[] { "when", "reason", "source" });
            var when = m.Get("when") is { } wn ? w.Expr(wn, "when") : null;
            if (when is null) w.Diags.Add(Errors.MissingKey(w.L(m), "when", "an exclusion (applies_to.exclude)"));
            var reason = w.Text(m.Get("reason"), "the reason of an exclusion");
            if (reason is null && m.Get("reason") is null) w.Diags.Add(Errors.MissingKey(w.L(m), "reason", "an exclusion (applies_to.exclude): { zh: …, en: … }, shown to the reader"));
            if (when is not null && reason is not null) list.Add(new RawExclusion(w.L(m), when, reason, w.Str(m, "source", "an exclusion")));
        }
        return list;
    }

    private static RawIndicator? ParseIndicator(NodeWalker w, YNode n)
    {
        if (w.AsMap(n, "an indicator") is not { } m) return null;
        w.CheckKeys(m, "an indicator", IndicatorKeys);
        var id = w.Id(m, "id", "an indicator");
        if (id is null) return null;
        var where = $"indicator '{id}'";
        var keys = m.Entries.Select(e => e.Key.Value).ToHashSet(StringComparer.Ordinal);
        var target = m.Get("target") is { } t ? ParseTarget(w, t, where) : null;
        RawScore? score = m.Get("score") is { } s ? ParseScore(w, s, where) : null;
        RawTask? task = null;
        if (w.AsMap(m.Get("task"), $"the task of {where}") is { } tm)
        {
            w.CheckKeys(tm, $"the task of {where}", new[] { "deadline", "from", "evidence", "min_evidence", "evidence_match", "standard", "method", "check" });
            var match = w.Str(tm, "evidence_match", "a task") ?? "count";
            if (match is not ("count" or "names"))
                w.Diags.Add(Errors.InvalidValue(w.L(tm.Get("evidence_match")!), "evidence_match", match, "count (at least min_evidence distinct documents) or names (every listed name, each by a document of its own)"));
            var evidence = w.StrList(tm.Get("evidence"), "evidence");
            var minEv = tm.Get("min_evidence") is { } me ? w.Int(me, "min_evidence") ?? 0 : evidence.Count > 0 ? 1 : 0;
            // A deadline (and the day from which a completion counts) is a date (2023-06-30) or a day of the assessment year (07-31).
            var (due, yearly) = TaskDay(w, tm, "deadline");
            var (from, yearlyFrom) = TaskDay(w, tm, "from");
            task = new RawTask(w.L(tm), due, evidence, minEv,
                w.Text(tm.Get("standard"), "standard", warnMissingEn: false), w.Str(tm, "method", "a task"), yearly, match == "names",
                from, yearlyFrom, tm.Get("check") is { } ck ? w.Expr(ck, $"the check of {where}") : null);
        }
        // Points and weight may also be written inside score: (score: { method: pass_fail, points: 10 }); once only.
        var points = m.Get("points") is { } p ? w.Num(p, "points") : null;
        var weight = m.Get("weight") is { } wt ? w.Num(wt, "weight") : null;
        foreach (var (key, inScore) in new[] { ("points", score?.Points), ("weight", score?.Weight) })
        {
            if (inScore is null) continue;
            if (m.Get(key) is not null) w.Diags.Add(Errors.InvalidValue(w.L(m.Get(key)!), key, "given twice", $"{key} either on the indicator or inside score, not both"));
            keys.Add(key);
        }
        points ??= score?.Points;
        weight ??= score?.Weight;
        return new RawIndicator(id, w.L(m), w.Text(m.Get("name"), $"the name of {where}"), w.Str(m, "dimension", where),
            m.Get("value") is { } v ? w.Expr(v, $"the value of {where}") : null,
            m.Get("applies_when") is { } aw ? w.Expr(aw, $"applies_when of {where}") : null,
            target, score,
            points,
            weight,
            w.Str(m, "source", where), w.Str(m, "unit", where), task,
            m.Get("tags") is { } tg ? w.StrList(tg, "tags") : null, w.Str(m, "note", where), keys, WhenUndefined(w, m, where));
    }

    /// <summary>What an indicator's value that cannot be computed (division by zero, overflow) means; null when not said.</summary>
    private static string? WhenUndefined(NodeWalker w, YMap m, string where)
    {
        if (m.Get("when_undefined") is not { } n) return null;
        var v = w.Str(m, "when_undefined", where);
        if (v is null or "undefined" or "not_applicable" or "zero" or "missing") return v;
        w.Diags.Add(Errors.InvalidValue(w.L(n), "when_undefined", v,
            "not_applicable (no such activity: out of the maximum), zero (read as 0 and scored), missing (reported as missing data) or undefined (the default: 0 points of the maximum)"));
        return null;
    }

    internal static IReadOnlyList<RawTargetCase>? ParseTarget(NodeWalker w, YNode n, string where)
    {
        var cases = new List<RawTargetCase>();
        IEnumerable<YNode> items = n is YSeq seq ? seq.Items : new[] { n };
        foreach (var item in items)
        {
            if (w.AsMap(item, $"a target of {where}") is not { } m) continue;
            w.CheckKeys(m, $"a target of {where}", CaseKeys);
            var ops = Comparators.Where(c => m.Get(c) is not null).ToList();
            if (ops.Count != 1)
            {
                w.Diags.Add(ops.Count == 0
                    ? Errors.MissingKey(w.L(m), "one of " + string.Join(", ", Comparators), $"a target of {where}")
                    : Errors.InvalidValue(w.L(m), "target", string.Join(" + ", ops), "exactly one comparison per target case"));
                continue;
            }
            var op = ops[0];
            var when = m.Get("when") is { } wn ? w.Expr(wn, "when") : null;
            RawBound? bound, upper = null, tol = null;
            if (op == "between")
            {
                if (w.AsSeq(m.Get("between"), "between") is not { Items.Count: 2 } pair)
                {
                    w.Diags.Add(Errors.InvalidValue(w.L(m.Get("between")!), "between", "…", "a list of two bounds [low, high]"));
                    continue;
                }
                bound = ParseBound(w, pair.Items[0], "between");
                upper = ParseBound(w, pair.Items[1], "between");
                if (upper is null) continue;
            }
            else bound = ParseBound(w, m.Get(op)!, op);
            if (bound is null) continue;
            if (m.Get("tolerance") is { } tn)
            {
                if (op != "about") w.Diags.Add(Errors.InvalidValue(w.L(tn), "key here", "tolerance", "tolerance only with 'about'"));
                tol = ParseBound(w, tn, "tolerance");
            }
            else if (op == "about")
            {
                w.Diags.Add(Errors.MissingKey(w.L(m), "tolerance", $"an 'about' target of {where} (左右 needs a stated tolerance)"));
                continue;
            }
            // 左右 on a directional indicator is met by going beyond the figure in the good direction; only a figure to
            // hold steady at (稳定在…左右) is two-sided. The reading is always stated.
            string? side = null;
            if (m.Get("side") is { } sn)
            {
                side = w.Str(m, "side", where);
                if (op != "about") w.Diags.Add(Errors.InvalidValue(w.L(sn), "key here", "side", "side only with 'about'"));
                else if (side is not (null or "both" or "at_least" or "at_most"))
                {
                    w.Diags.Add(Errors.InvalidValue(w.L(sn), "side", side, "both (within the tolerance either way), at_least (the figure less the tolerance, or more) or at_most (the figure plus the tolerance, or less)"));
                    continue;
                }
            }
            else if (op == "about")
            {
                w.Diags.Add(Errors.MissingKey(w.L(m), "side", $"an 'about' target of {where} (both, at_least or at_most: whether going beyond the figure in one direction still meets it)"));
                continue;
            }
            cases.Add(new RawTargetCase(w.L(m), when, op, bound, upper, tol, w.Str(m, "note", where), side));
        }
        return cases;
    }

    private static RawBound? ParseBound(NodeWalker w, YNode n, string what)
    {
        if (n is YMap m)
        {
            w.CheckKeys(m, what, new[] { "by_year" });
            if (w.AsMap(m.Get("by_year"), "by_year") is not { } table)
            {
                if (m.Get("by_year") is null) w.Diags.Add(Errors.MissingKey(w.L(m), "by_year", what));
                return null;
            }
            var rows = new List<(int, ExprSource)>();
            foreach (var (k, v) in table.Entries)
            {
                var year = w.Int(k, "a year in by_year");
                var e = w.Expr(v, $"the bound for {k.Value}");
                if (year is not null && e is not null) rows.Add((year.Value, e));
            }
            if (rows.Count == 0) return null;
            return new RawBound(null, rows.OrderBy(r => r.Item1).ToList(), w.L(m));
        }
        var expr = w.Expr(n, what);
        return expr is null ? null : new RawBound(expr, null, w.L(n));
    }

    private static RawScore? ParseScore(NodeWalker w, YNode n, string where)
    {
        if (n is YScalar s)
        {
            if (ScoringMethods.Find(s.Value) is null) { w.Diags.Add(Errors.InvalidValue(w.L(s), "scoring method", s.Value, string.Join(", ", ScoringMethods.Names))); return null; }
            return new RawScore(w.L(s), s.Value, null, Array.Empty<RawBand>(), Array.Empty<RawLevel>(), null, null, null);
        }
        if (w.AsMap(n, $"the score of {where}") is not { } m) return null;
        w.CheckKeys(m, $"the score of {where}", ScoringMethods.ScoreKeys);
        var method = w.Str(m, "method", $"the score of {where}") ?? "pass_fail";
        if (ScoringMethods.Find(method) is null) { w.Diags.Add(Errors.InvalidValue(w.L(m.Get("method")!), "scoring method", method, string.Join(", ", ScoringMethods.Names))); return null; }
        var bands = new List<RawBand>();
        if (w.AsSeq(m.Get("bands"), "bands") is { } bs)
            foreach (var b in bs.Items)
            {
                if (w.AsMap(b, "a band") is not { } bm) continue;
                w.CheckKeys(bm, "a band", new[] { "from", "to", "points" });
                var pts = w.Num(bm.Get("points"), "points");
                if (bm.Get("points") is null) w.Diags.Add(Errors.MissingKey(w.L(bm), "points", "a band"));
                if (pts is null) continue;
                bands.Add(new RawBand(w.L(bm), bm.Get("from") is { } f ? w.Expr(f, "from") : null, bm.Get("to") is { } t ? w.Expr(t, "to") : null, pts.Value));
            }
        var levels = new List<RawLevel>();
        if (w.AsMap(m.Get("levels"), "levels") is { } lm)
            foreach (var (k, v) in lm.Entries)
                if (w.Num(v, $"points for level {k.Value}") is { } p) levels.Add(new RawLevel(w.L(k), k.Value, p));
        var direction = w.Str(m, "direction", "a score");
        if (direction is not null && direction is not ("increase" or "decrease" or "higher" or "lower"))
            w.Diags.Add(Errors.InvalidValue(w.L(m.Get("direction")!), "direction", direction, "increase, decrease, higher or lower"));
        return new RawScore(w.L(m), method, m.Get("from") is { } fr ? ParseBound(w, fr, "from") : null, bands, levels,
            m.Get("late_points") is { } lp ? w.Num(lp, "late_points") : null, direction,
            m.Get("min_change") is { } mc ? w.Expr(mc, "min_change") : null,
            m.Get("points") is { } sp ? w.Num(sp, "points") : null, m.Get("weight") is { } sw ? w.Num(sw, "weight") : null);
    }

    private static RawAggregate? ParseAggregate(NodeWalker w, YNode n)
    {
        if (w.AsMap(n, "an aggregate") is not { } m) return null;
        w.CheckKeys(m, "an aggregate", new[] { "id", "name", "over", "share_of", "average", "count_of", "sum_of", "ratio_of", "target", "source" });
        var id = w.Id(m, "id", "an aggregate");
        if (id is null) return null;
        var kinds = new[] { "share_of", "average", "count_of", "sum_of", "ratio_of" }.Where(k => m.Get(k) is not null).ToList();
        if (kinds.Count != 1)
        {
            w.Diags.Add(Errors.MissingKey(w.L(m), "exactly one of share_of, average, count_of, sum_of, ratio_of", $"aggregate '{id}'"));
            return null;
        }
        ExprSource? of, den = null;
        if (kinds[0] == "ratio_of")
        {
            // The ratio of two sums over the cohort (a pooled rate such as 医护比总体).
            if (w.AsMap(m.Get("ratio_of"), "ratio_of") is not { } rm) return null;
            w.CheckKeys(rm, "ratio_of", new[] { "numerator", "denominator" });
            of = rm.Get("numerator") is { } nn ? w.Expr(nn, "numerator") : null;
            den = rm.Get("denominator") is { } dn ? w.Expr(dn, "denominator") : null;
            if (of is null || den is null)
            {
                w.Diags.Add(Errors.MissingKey(w.L(rm), "numerator and denominator", $"ratio_of of aggregate '{id}'"));
                return null;
            }
        }
        else of = w.Expr(m.Get(kinds[0]), kinds[0]);
        if (of is null) return null;
        return new RawAggregate(id, w.L(m), w.Text(m.Get("name"), $"the name of aggregate '{id}'"),
            m.Get("over") is { } o ? w.Expr(o, "over") : null, kinds[0], of,
            m.Get("target") is { } t ? ParseTarget(w, t, $"aggregate '{id}'") : null, w.Str(m, "source", "an aggregate"), den);
    }

    private static RawVeto? ParseVeto(NodeWalker w, YNode n)
    {
        if (w.AsMap(n, "a veto") is not { } m) return null;
        w.CheckKeys(m, "a veto", new[] { "id", "name", "when", "effect", "source" });
        var id = w.Id(m, "id", "a veto");
        var when = m.Get("when") is { } wn ? w.Expr(wn, "when") : null;
        if (m.Get("when") is null) w.Diags.Add(Errors.MissingKey(w.L(m), "when", "a veto"));
        string effect = "fail"; string? cap = null;
        switch (m.Get("effect"))
        {
            case null: break;
            case YScalar s when s.Value == "fail": break;
            case YScalar s when s.Value == "zero": effect = "zero"; break;
            case YMap em:
                w.CheckKeys(em, "a veto effect", new[] { "cap_grade" });
                cap = w.Str(em, "cap_grade", "a veto effect", required: true);
                effect = "cap_grade";
                break;
            case var other:
                w.Diags.Add(Errors.InvalidValue(w.L(other), "veto effect", (other as YScalar)?.Value ?? "…", "fail, zero, or { cap_grade: <grade> }"));
                break;
        }
        if (id is null || when is null) return null;
        return new RawVeto(id, w.L(m), w.Text(m.Get("name"), $"the name of veto '{id}'"), when, effect, cap, w.Str(m, "source", "a veto"));
    }

    /// <summary>A task's day: a date (2023-06-30), or mm-dd for a day of the assessment year (07-31).</summary>
    private static (DateOnly? Date, (int Month, int Day)? Yearly) TaskDay(NodeWalker w, YMap tm, string key)
    {
        if (tm.Get(key) is YScalar ds && System.Text.RegularExpressions.Regex.IsMatch(ds.Value, @"^\d{2}-\d{2}$"))
        {
            if (DateOnly.TryParseExact("2024-" + ds.Value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var md))
                return (null, (md.Month, md.Day));
            w.Diags.Add(Errors.InvalidValue(w.L(ds), key, ds.Value, "a date yyyy-mm-dd, or mm-dd for a day of the assessment year"));
            return (null, null);
        }
        return (w.Date(tm.Get(key), key), null);
    }

    /// <summary>The least share of a subject's full points that must apply for a grade: 0 to 1 (0% to 100%).</summary>
    private static decimal? MinCoverage(NodeWalker w, YNode n)
    {
        var v = w.Num(n, "min_coverage");
        if (v is null or (>= 0 and <= 1)) return v;
        w.Diags.Add(Errors.InvalidValue(w.L(n), "min_coverage", ((YScalar)n).Value, "a share from 0% to 100%"));
        return null;
    }

    private static RawGrading? ParseGrading(NodeWalker w, YNode n)
    {
        if (w.AsMap(n, "grading") is not { } m) return null;
        w.CheckKeys(m, "grading", new[] { "method", "basis", "grades", "stratify_by", "pass", "rounding", "min_coverage", "note" });
        var method = w.Str(m, "method", "grading") ?? "cutoffs";
        if (method is not ("cutoffs" or "percentile"))
            w.Diags.Add(Errors.InvalidValue(w.L(m.Get("method")!), "grading method", method, "cutoffs or percentile"));
        var basis = w.Str(m, "basis", "grading") ?? "points";
        if (basis is not ("points" or "percent"))
            w.Diags.Add(Errors.InvalidValue(w.L(m.Get("basis")!), "grading basis", basis, "points or percent"));
        var rounding = w.Str(m, "rounding", "grading") ?? "ceiling";
        if (rounding is not ("ceiling" or "floor" or "nearest"))
            w.Diags.Add(Errors.InvalidValue(w.L(m.Get("rounding")!), "rounding", rounding, "ceiling, floor or nearest"));
        var grades = new List<RawGrade>();
        if (w.AsSeq(m.Get("grades"), "grades") is { } gs)
            foreach (var g in gs.Items)
            {
                if (w.AsMap(g, "a grade") is not { } gm) continue;
                w.CheckKeys(gm, "a grade", new[] { "grade", "min", "top" });
                var name = w.Str(gm, "grade", "a grade", required: true);
                if (name is null) continue;
                grades.Add(new RawGrade(w.L(gm), name, gm.Get("min") is { } mn ? w.Num(mn, "min") : null, gm.Get("top") is { } tp ? w.Num(tp, "top") : null));
            }
        if (grades.Count == 0) w.Diags.Add(Errors.MissingKey(w.L(m), "grades", "grading"));
        CheckDuplicates(w, grades.Select(g => (g.Grade, g.At)), "grade");
        return new RawGrading(w.L(m), method, basis, grades, w.StrList(m.Get("stratify_by"), "stratify_by"),
            m.Get("pass") is { } p ? w.Expr(p, "pass") : null, rounding, w.Str(m, "note", "grading"),
            m.Get("min_coverage") is { } mc ? MinCoverage(w, mc) : null);
    }

    /// <summary>SHA-256 of a canonical JSON rendering of the node tree (keys sorted, comments and layout dropped).</summary>
    internal static string Digest(YNode root)
    {
        var sb = new StringBuilder();
        Canon(root, sb, 0);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    private static void Canon(YNode n, StringBuilder sb, int depth)
    {
        switch (n)
        {
            case YScalar s:
                sb.Append('"').Append(s.Value.Replace("\\", "\\\\").Replace("\"", "\\\"")).Append('"');
                break;
            case YSeq q:
                sb.Append('[');
                for (var i = 0; i < q.Items.Count; i++) { if (i > 0) sb.Append(','); Canon(q.Items[i], sb, depth + 1); }
                sb.Append(']');
                break;
            case YMap m:
                sb.Append('{');
                var first = true;
                // The wording of conditions for readers is not part of what a version scores: adding or rewording
                // descriptions leaves a published version's digest (its identity in every result) unchanged.
                foreach (var (k, v) in m.Entries.Where(e => depth > 0 || e.Key.Value != "descriptions").OrderBy(e => e.Key.Value, StringComparer.Ordinal))
                {
                    if (!first) sb.Append(','); first = false;
                    Canon(k, sb, depth + 1); sb.Append(':'); Canon(v, sb, depth + 1);
                }
                sb.Append('}');
                break;
        }
    }
}
