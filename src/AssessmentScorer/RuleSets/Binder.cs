using AssessmentScorer.Expressions;
using AssessmentScorer.Scoring.Methods;

namespace AssessmentScorer.RuleSets;

internal sealed class DictScope : IScope
{
    private readonly Dictionary<string, Symbol> _symbols;
    public DictScope(Dictionary<string, Symbol> symbols) => _symbols = symbols;
    public Symbol? Resolve(string name) => _symbols.GetValueOrDefault(name);
    public IEnumerable<string> Names => _symbols.Keys;
    public DictScope With(string name, Symbol s) => new(new Dictionary<string, Symbol>(_symbols, StringComparer.Ordinal) { [name] = s });
}

/// <summary>Third pass of loading: checks a merged rule set and compiles every expression.</summary>
internal sealed class Binder
{
    private readonly MergedRuleSet _m;
    private readonly DiagnosticBag _d;
    private readonly RuleSetLimits _limits;
    private readonly Dictionary<string, Scale> _scales = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FieldDef> _fields = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SlotCell> _slotCells = new(StringComparer.Ordinal);
    private readonly SlotAllocator _slots = new();
    private readonly Dictionary<string, Symbol> _base = new(StringComparer.Ordinal);

    private Binder(MergedRuleSet m, DiagnosticBag d, RuleSetLimits limits) { _m = m; _d = d; _limits = limits; }

    public static RuleSetModel? Bind(MergedRuleSet m, DiagnosticBag d, RuleSetLimits limits) => new Binder(m, d, limits).Run();

    private static readonly ExprType TierType = new(TypeKind.Text, null, DataDictionary.Tiers);

    private RuleSetModel? Run()
    {
        var errorsBefore = _d.Count;
        foreach (var s in DataDictionary.Scales.Concat(_m.Scales)) _scales[s.Id] = new Scale(s.Id, s.Levels);

        _base["tier"] = new SubjectSymbol("tier", TierType);
        _base["category"] = new SubjectSymbol("category", new ExprType(TypeKind.Text, null, DataDictionary.Categories));
        _base["kind"] = new SubjectSymbol("kind", new ExprType(TypeKind.Text, null, DataDictionary.Kinds));
        _base["ownership"] = new SubjectSymbol("ownership", new ExprType(TypeKind.Text, null, DataDictionary.Ownerships));
        _base["region"] = new SubjectSymbol("region", ExprType.AnyText);
        _base["beds"] = new SubjectSymbol("beds", ExprType.Number);
        _base["year"] = new SubjectSymbol("year", ExprType.Number);

        var allFields = DataDictionary.Fields.Select(f => (f, (Provenance?)null)).Concat(_m.Fields.Select(x => (x.Field, (Provenance?)x.From)));
        foreach (var (f, _) in allFields)
        {
            if (_base.TryGetValue(f.Id, out var existing) && existing is SubjectSymbol)
            {
                _d.Add(Errors.DuplicateId(f.At, "field (a subject attribute has this name)", f.Id));
                continue;
            }
            ExprType type;
            switch (f.Type)
            {
                case "level":
                    if (f.Scale is null || !_scales.TryGetValue(f.Scale, out var scale))
                    {
                        _d.Add(Errors.UnknownScale(f.At, f.Scale ?? "?"));
                        continue;
                    }
                    type = new ExprType(TypeKind.Level, scale);
                    break;
                case "boolean": type = ExprType.Bool; break;
                case "text": type = new ExprType(TypeKind.Text, null, f.Values); break;
                default: type = ExprType.Number; break;
            }
            // A rule-set field that redeclares a dictionary field keeps its slot.
            if (!_slotCells.TryGetValue(f.Id, out var cell)) _slotCells[f.Id] = cell = new SlotCell(_slots);
            var def = new FieldDef
            {
                Id = f.Id, Slot = -1, Name = f.Name ?? new Bilingual(f.Id, f.Id), Type = type, Integer = f.Type == "integer",
                Unit = f.Unit, Min = f.Min, Max = f.Max,
            };
            _fields[f.Id] = def;
            _base[f.Id] = new FieldSymbol(cell, f.Id, type);
        }

        var dims = new Dictionary<string, DimensionDef>(StringComparer.Ordinal);
        foreach (var d in _m.Dimensions) dims[d.Id] = new DimensionDef(d.Id, d.Name, d.Parent);
        foreach (var d in _m.Dimensions)
            if (d.Parent is not null && !dims.ContainsKey(d.Parent)) _d.Add(Errors.UnknownDimension(d.At, d.Parent, dims.Keys));

        var (indicators, evalOrder) = BindIndicators(dims);
        UnitSanity.Check(_m, indicators, _fields, _d);
        var indicatorScope = new DictScope(_base);
        var aggregates = BindAggregates(indicatorScope);
        var grading = BindGrading(indicators);
        var vetoes = BindVetoes(indicatorScope, grading);
        var exclusions = new List<ExclusionDef>();
        foreach (var x in _m.Own.AppliesTo.Exclude)
            if (Compile(x.When, indicatorScope, ExprType.Bool) is { } when)
                exclusions.Add(new ExclusionDef { When = when, Reason = x.Reason, Source = x.Source, Index = exclusions.Count });

        if (indicators.Count == 0 && _m.Indicators.Count == 0) _d.Add(Errors.NoIndicators(_m.Own.At));
        if (_d.ToList().Skip(0).Any(x => x.Severity == Severity.Error)) return null;
        // Every expression is compiled: the fields read hold slots 0..readSlots-1; the rest are numbered after them
        // (they are still checked when submitted, but a subject's value arrays hold only what is read).
        var readSlots = _slots.Next;
        foreach (var def in _fields.Values) def.Slot = _slotCells[def.Id].Take();
        return new RuleSetModel
        {
            Merged = _m,
            ValueSlots = readSlots,
            Fields = _fields.Values.ToArray(),
            Dimensions = _m.Dimensions.Select(d => dims[d.Id]).ToArray(),
            Indicators = indicators,
            EvalOrder = evalOrder,
            Aggregates = aggregates,
            Vetoes = vetoes,
            Exclusions = exclusions,
            Grading = grading,
            Scales = _scales,
        };
    }

    private (List<IndicatorDef>, IReadOnlyList<IndicatorDef>) BindIndicators(Dictionary<string, DimensionDef> dims)
    {
        var raws = _m.Indicators;
        // Parse every value expression first so dependencies between indicators are known.
        var asts = new Expr?[raws.Count];
        var ids = raws.Select((r, i) => (r.Indicator.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        for (var i = 0; i < raws.Count; i++)
            if (raws[i].Indicator.Value is { } v) asts[i] = ParseExpr(v);

        // Names a value reads that are other indicators (fields and subject attributes win).
        var deps = new List<int>[raws.Count];
        for (var i = 0; i < raws.Count; i++)
        {
            deps[i] = new List<int>();
            if (asts[i] is null) continue;
            foreach (var name in Identifiers(asts[i]!))
                if (!_base.ContainsKey(name) && ids.TryGetValue(name, out var j)) deps[i].Add(j);
        }
        var (order, cyclic) = TopoOrder(deps, raws);

        var weighted = raws.Where(r => r.Indicator.Weight is not null).ToList();
        var pointed = raws.Where(r => r.Indicator.Points is not null).ToList();
        if (weighted.Count > 0 && pointed.Count > 0)
            _d.Add(Errors.PointsAndWeight(weighted[0].Indicator.At, "(rule set): indicators mix points and weights"));
        var weightSum = weighted.Sum(r => r.Indicator.Weight!.Value);
        var totalPoints = _m.TotalPoints ?? 100m;

        var defs = new IndicatorDef?[raws.Count];
        var symbols = new Dictionary<string, Symbol>(_base, StringComparer.Ordinal);
        var scope = new DictScope(symbols);
        // Indicators in a cycle are reported once (AS3004) and not bound, so their names resolve quietly elsewhere.
        foreach (var i in cyclic)
            symbols[raws[i].Indicator.Id] = new IndicatorSymbol(i, raws[i].Indicator.Id, ExprType.Number, asts[i] ?? new BoolLit(0, false), scope);
        foreach (var i in order)
        {
            if (cyclic.Contains(i)) continue;
            var (raw, from) = raws[i];
            var reported = _d.Count;
            var def = BindIndicator(i, raw, from, asts[i], scope, dims, weightSum, totalPoints);
            if (from.Base is not null && from.File == _m.Own.RelativePath) Overrides.AtOverride(_d, reported, raw.Id, _m.Own);
            defs[i] = def;
            if (def is not null && asts[i] is not null && !symbols.ContainsKey(raw.Id))
                symbols[raw.Id] = new IndicatorSymbol(i, raw.Id, def.ValueType, asts[i]!, scope);
        }
        return (defs.Where(d => d is not null).Select(d => d!).ToList(), order.Where(i => defs[i] is not null).Select(i => defs[i]!).ToArray());
    }

    private (List<int> Order, HashSet<int> Cyclic) TopoOrder(List<int>[] deps, List<(RawIndicator Indicator, Provenance From)> raws)
    {
        var state = new int[deps.Length];
        var order = new List<int>();
        var reported = new HashSet<int>();
        var cyclic = new HashSet<int>();
        for (var i = 0; i < deps.Length; i++) Visit(i, new Stack<int>());
        return (order, cyclic);

        void Visit(int i, Stack<int> path)
        {
            if (state[i] == 2) return;
            if (state[i] == 1)
            {
                var members = path.Reverse().SkipWhile(x => x != i).ToList();
                cyclic.UnionWith(members);
                var cycle = members.Append(i).Select(x => raws[x].Indicator.Id);
                if (reported.Add(i))
                    _d.Add(Errors.Expression(raws[i].Indicator.Value!.At, ErrorCodes.Cycle, $"indicators depend on each other in a cycle: {string.Join(" → ", cycle)}"));
                return;
            }
            state[i] = 1;
            path.Push(i);
            foreach (var j in deps[i]) Visit(j, path);
            path.Pop();
            state[i] = 2;
            order.Add(i);
        }
    }

    private static IEnumerable<string> Identifiers(Expr e)
    {
        var stack = new Stack<Expr>();
        stack.Push(e);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case Ident id: yield return id.Name; break;
                case Unary u: stack.Push(u.Operand); break;
                case Binary b: stack.Push(b.Left); stack.Push(b.Right); break;
                case Call c: foreach (var a in c.Args) stack.Push(a); break;
                case ListLit l: foreach (var a in l.Items) stack.Push(a); break;
            }
        }
    }

    private Expr? ParseExpr(ExprSource src)
    {
        var (ast, err) = ExpressionParser.Parse(src.Text, _limits.MaxExpressionLength, _limits.MaxExpressionDepth);
        if (err is not null) _d.Add(Errors.Expression(src.LocationOf(err.Pos), ErrorCodes.Syntax, $"expression: {err.Message}"));
        return ast;
    }

    /// <summary>
    /// The reader's wording of a condition (applies_when, an aggregate's over) from <c>descriptions:</c>; a condition without
    /// one is a warning, because explanations and reports never show an expression to a reader.
    /// </summary>
    private Bilingual? Describe(ExprSource src, string where)
    {
        var key = RawRuleSet.DescriptionKey(src.Text);
        if (_m.Descriptions.TryGetValue(key, out var d)) return d;
        _d.Add(Errors.NoDescription(src.At, where, key));
        return null;
    }

    private bool IsOwn(Provenance from) => from.Scheme == _m.Own.Scheme && from.Version == _m.Own.Version.ToString();

    private CompiledExpr? Compile(ExprSource src, IScope scope, ExprType? expected, Expr? ast = null)
    {
        ast ??= ParseExpr(src);
        if (ast is null) return null;
        var (compiled, errors) = ExpressionCompiler.Compile(ast, src.Text, scope, expected);
        foreach (var e in errors) _d.Add(Errors.Expression(src.LocationOf(e.Pos), e.Code, e.Message));
        return compiled;
    }

    private IndicatorDef? BindIndicator(int index, RawIndicator raw, Provenance from, Expr? ast, DictScope scope,
        Dictionary<string, DimensionDef> dims, decimal weightSum, decimal totalPoints)
    {
        var errors = _d.Count;
        var where = $"indicator '{raw.Id}'";
        if (raw.Name is null) _d.Add(Errors.MissingKey(raw.At, "name", where));
        if (raw.Dimension is not null && !dims.ContainsKey(raw.Dimension)) _d.Add(Errors.UnknownDimension(raw.At, raw.Dimension, dims.Keys));
        var method = raw.Score?.Method ?? (raw.Task is not null ? "checklist" : "pass_fail");
        var scoring = ScoringMethods.Get(method);
        var isTask = scoring.Flow == MethodFlow.Checklist;
        if (raw.Points is not null && raw.Weight is not null) _d.Add(Errors.PointsAndWeight(raw.At, raw.Id));
        if (raw.Points is < 0 || raw.Weight is < 0) _d.Add(Errors.InvalidValue(raw.At, "points or weight", "negative", "zero or more"));
        decimal maxPoints = raw.Points ?? (raw.Weight is { } w && weightSum > 0 ? Math.Round(w / weightSum * totalPoints, 4, MidpointRounding.AwayFromZero) : 0m);
        if (scoring.GivesPoints && raw.Points is null && raw.Weight is null)
            _d.Add(Errors.MissingKey(raw.At, "points (or weight)", $"{where} (or score method 'monitor' for an unscored indicator)"));

        CompiledExpr? value = null;
        if (isTask)
        {
            if (raw.Task is null) _d.Add(Errors.MethodNeeds(raw.At, raw.Id, method, "a 'task' block (deadline, evidence)"));
        }
        else if (raw.Value is null) _d.Add(Errors.MissingKey(raw.At, "value", where));
        else if (ast is not null) value = Compile(raw.Value, scope, null, ast);
        var valueType = isTask ? ExprType.Bool : value?.Type ?? ExprType.Number;
        if (raw.WhenUndefined is { } wu and not "undefined" && (isTask || valueType.Kind != TypeKind.Number))
            _d.Add(Errors.InvalidValue(raw.At, "when_undefined", wu, "only for an indicator whose value is a number (a ratio or a computation that can divide by zero)"));
        if (value is not null && valueType.Kind is TypeKind.Text && !scoring.AcceptsText)
            _d.Add(Errors.MethodNeeds(raw.At, raw.Id, method, "a number or level value"));

        var applies = raw.AppliesWhen is { } aw ? Compile(aw, scope, ExprType.Bool) : null;
        // Described where the indicator is defined (an inherited one was checked in its own file).
        var appliesWording = raw.AppliesWhen is { } aw2 && applies is not null
            ? IsOwn(from) ? Describe(aw2, $"the applies_when of {where}") : _m.Descriptions.GetValueOrDefault(RawRuleSet.DescriptionKey(aw2.Text))
            : null;
        var check = raw.Task?.Check is { } ck ? Compile(ck, scope, ExprType.Bool) : null;
        if (raw.Task is { } rt && (rt.From is { } f0 && rt.Deadline is { } d0 && f0 > d0
            || rt.YearlyFrom is { } f1 && rt.YearlyDeadline is { } d1 && (f1.Month, f1.Day).CompareTo((d1.Month, d1.Day)) > 0))
            _d.Add(Errors.InvalidValue(rt.At, "task from", "after the deadline", "a day on or before the deadline"));

        // Targets see the indicator's own value as 'value'.
        var self = ast is not null ? new IndicatorSymbol(index, raw.Id, valueType, ast, scope) : null;
        var targetScope = self is not null ? scope.With("value", self) : scope;
        var targets = BindTargets(raw.Target ?? Array.Empty<RawTargetCase>(), targetScope, valueType, where);

        // The method checks what it needs and binds its own parts (Scoring/Methods).
        var mb = new MethodBinding
        {
            Raw = raw, Method = method, Targets = targets, MaxPoints = maxPoints, ValueType = valueType, HasValue = self is not null,
            Diagnostics = _d, Compile = (e, type) => Compile(e, targetScope, type), BindBound = rb => BindBound(rb, targetScope, valueType),
            ConstNumber = ConstNumber,
        };
        scoring.Bind(mb);
        var (floor, bands, levels, minChange, previous) = (mb.Floor, mb.Bands, mb.Levels, mb.MinChange, mb.PreviousValue);
        var direction = raw.Score?.Direction ?? "higher";

        if (_d.Count > errors && _d.HasErrors) { /* keep going so later indicators are checked too */ }
        var reads = new SortedSet<string>(StringComparer.Ordinal);
        var readsPrev = new SortedSet<string>(StringComparer.Ordinal);
        var readsSubject = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var e in new[] { value, applies, minChange, previous, check }.Concat(targets.SelectMany(t => t.Bound.All.Concat(t.Upper?.All ?? Array.Empty<CompiledExpr>()).Concat(t.Tolerance?.All ?? Array.Empty<CompiledExpr>()).Append(t.When))).Concat(floor?.All ?? Array.Empty<CompiledExpr>()))
        {
            if (e is null) continue;
            reads.UnionWith(e.Fields);
            readsPrev.UnionWith(e.PreviousFields);
            readsSubject.UnionWith(e.SubjectAttributes);
        }
        var display = valueType.Kind switch
        {
            TypeKind.Level => Display.Level,
            TypeKind.Bool => isTask ? Display.Task : Display.Bool,
            TypeKind.Text => Display.Text,
            _ => raw.Unit == "%" || targets.Any(t => t.Bound.IsPercent) || bands.Any(b => b.FromPercent) || (floor?.IsPercent ?? false) ? Display.Percent : Display.Number,
        };
        return new IndicatorDef
        {
            Index = index, Id = raw.Id, Name = raw.Name ?? new Bilingual(raw.Id, raw.Id), Dimension = raw.Dimension,
            Value = value, AppliesWhen = applies, AppliesWhenDescription = appliesWording, Targets = targets, Method = method, MaxPoints = scoring.GivesPoints ? maxPoints : 0,
            From = floor, Bands = bands, Levels = levels, LatePoints = raw.Score?.LatePoints ?? 0, Direction = direction,
            MinChange = minChange, PreviousValue = previous,
            Task = raw.Task is { } t ? new TaskDef { Deadline = t.Deadline, YearlyDeadline = t.YearlyDeadline, From = t.From, YearlyFrom = t.YearlyFrom, Check = check, MatchNames = t.MatchNames, Evidence = t.Evidence, MinEvidence = t.MinEvidence, Standard = t.Standard, Method = t.Method } : null,
            Source = raw.Source, Display = display, Unit = raw.Unit, Tags = raw.Tags ?? Array.Empty<string>(), Note = raw.Note,
            WhenUndefined = raw.WhenUndefined switch
            {
                "not_applicable" => UndefinedReading.NotApplicable,
                "zero" => UndefinedReading.Zero,
                "missing" => UndefinedReading.Missing,
                _ => UndefinedReading.Undefined,
            },
            DefinedIn = from, ValueType = valueType, ReadsFields = reads.ToArray(), ReadsPreviousFields = readsPrev.ToArray(),
            ReadsSubject = readsSubject.ToArray(),
        };
    }

    private decimal? ConstNumber(ExprSource src)
    {
        var ast = ParseExpr(src);
        switch (ast)
        {
            case null: return null;
            case NumberLit n: return n.Value;
            case Unary { Op: "-", Operand: NumberLit n2 }: return -n2.Value;
            default:
                _d.Add(Errors.InvalidValue(src.At, "band bound", src.Text, "a number (bands are fixed ranges)"));
                return null;
        }
    }

    private List<TargetCase> BindTargets(IReadOnlyList<RawTargetCase> raws, IScope scope, ExprType valueType, string where)
    {
        var list = new List<TargetCase>();
        var sawCatchAll = false;
        foreach (var rc in raws)
        {
            if (sawCatchAll) _d.Add(Errors.UnusedTargetCase(rc.At, where));
            if (rc.When is null) sawCatchAll = true;
            var when = rc.When is { } w ? Compile(w, scope, ExprType.Bool) : null;
            if (rc.Op is "about" && valueType.Kind != TypeKind.Number)
                _d.Add(Errors.InvalidValue(rc.At, "target", "about", "'about' needs a number value"));
            var boundType = rc.Op is "at_least" or "at_most" or "greater_than" or "less_than" or "equals" or "between" ? valueType : ExprType.Number;
            var bound = BindBound(rc.Bound, scope, boundType);
            var upper = rc.Upper is { } u ? BindBound(u, scope, boundType) : null;
            var tol = rc.Tolerance is { } tl ? BindBound(tl, scope, ExprType.Number) : null;
            if (bound is null) continue;
            list.Add(new TargetCase { Index = list.Count, When = when, Op = rc.Op, Bound = bound, Upper = upper, Tolerance = tol, Side = rc.Side, Note = rc.Note, At = rc.At });
        }
        return list;
    }

    private Bound? BindBound(RawBound rb, IScope scope, ExprType type)
    {
        if (rb.Expr is { } e)
        {
            // A level target may be written as the level's name: at_least: 四级甲等
            if (type.Kind == TypeKind.Level && type.Scale!.RankOf(e.Text.Trim()) is var rank and >= 0)
                return new Bound { Constant = Value.Level(rank, e.Text.Trim()) };
            var c = Compile(e, scope, type);
            return c is null ? null : new Bound { Expr = c, IsPercent = HasPercent(c.Ast) };
        }
        var rows = new List<(int, CompiledExpr)>();
        var percent = false;
        foreach (var (year, src) in rb.ByYear!)
        {
            if (type.Kind == TypeKind.Level && type.Scale!.RankOf(src.Text.Trim()) is var r2 and >= 0)
            {
                var lv = Value.Level(r2, src.Text.Trim());
                rows.Add((year, new CompiledExpr(_ => lv, type, new StringLit(0, src.Text.Trim()), src.Text.Trim())));
                continue;
            }
            var c = Compile(src, scope, type);
            if (c is null) continue;
            percent |= HasPercent(c.Ast);
            rows.Add((year, c));
        }
        return rows.Count == 0 ? null : new Bound { ByYear = rows.ToArray(), IsPercent = percent };
    }

    private static bool HasPercent(Expr e) => e switch
    {
        NumberLit n => n.IsPercent,
        Unary u => HasPercent(u.Operand),
        Binary b => HasPercent(b.Left) || HasPercent(b.Right),
        Call c => c.Args.Any(HasPercent),
        _ => false,
    };

    private List<AggregateDef> BindAggregates(DictScope scope)
    {
        var list = new List<AggregateDef>();
        foreach (var (raw, from) in _m.Aggregates)
        {
            var over = raw.Over is { } o ? Compile(o, scope, ExprType.Bool) : null;
            var overWording = raw.Over is { } o2 && over is not null
                ? IsOwn(from) ? Describe(o2, $"the scope (over) of aggregate '{raw.Id}'") : _m.Descriptions.GetValueOrDefault(RawRuleSet.DescriptionKey(o2.Text))
                : null;
            var of = Compile(raw.Of, scope, raw.Kind is "average" or "sum_of" or "ratio_of" ? ExprType.Number : ExprType.Bool);
            var den = raw.Denominator is { } dn ? Compile(dn, scope, ExprType.Number) : null;
            var valueType = ExprType.Number;
            var targets = BindTargets(raw.Target ?? Array.Empty<RawTargetCase>(), scope, valueType, $"aggregate '{raw.Id}'");
            if (of is null) continue;
            list.Add(new AggregateDef
            {
                Id = raw.Id, Name = raw.Name ?? new Bilingual(raw.Id, raw.Id), Over = over, OverDescription = overWording, Kind = raw.Kind, Of = of, Denominator = den, Targets = targets,
                Source = raw.Source, DefinedIn = from,
                Display = raw.Kind == "share_of" || targets.Any(t => t.Bound.IsPercent) ? Display.Percent : Display.Number,
            });
        }
        return list;
    }

    private GradingDef? BindGrading(List<IndicatorDef> indicators)
    {
        if (_m.Grading is not { } g) return null;
        var raw = g.Grading;
        var grades = raw.Grades.Select(x => new GradeDef { Grade = x.Grade, Min = x.Min, Top = x.Top }).ToList();
        // Listed best first; a scale lists lowest first.
        var scale = new Scale("grade", grades.Select(x => x.Grade).Reverse().ToArray());
        if (raw.Method == "cutoffs")
        {
            var max = raw.Basis == "percent" ? 100m : indicators.Sum(i => i.MaxPoints);
            decimal? previousMin = null;
            for (var i = 0; i < raw.Grades.Count; i++)
            {
                var rg = raw.Grades[i];
                if (rg.Top is not null) _d.Add(Errors.InvalidValue(rg.At, "key for cutoff grading", "top", "min (top is for percentile grading)"));
                var min = rg.Min ?? (i == raw.Grades.Count - 1 ? decimal.MinValue : (decimal?)null);
                if (min is null) { _d.Add(Errors.MissingKey(rg.At, "min", $"grade '{rg.Grade}'")); continue; }
                if (min > max) _d.Add(Errors.UnreachableGrade(rg.At, rg.Grade, $"its minimum {Results.Fmt.Plain(min.Value)} is above the most a subject can score ({Results.Fmt.Plain(max)})"));
                else if (previousMin is not null && min >= previousMin) _d.Add(Errors.UnreachableGrade(rg.At, rg.Grade, $"its minimum {Results.Fmt.Plain(min.Value)} is not below the grade listed before it ({Results.Fmt.Plain(previousMin.Value)}); list grades best first"));
                previousMin = min;
            }
        }
        else
        {
            decimal previousTop = 0;
            for (var i = 0; i < raw.Grades.Count; i++)
            {
                var rg = raw.Grades[i];
                if (rg.Min is not null) _d.Add(Errors.InvalidValue(rg.At, "key for percentile grading", "min", "top (the share of the stratum from the best end)"));
                if (rg.Top is null)
                {
                    if (i != raw.Grades.Count - 1) _d.Add(Errors.UnreachableGrade(rg.At, rg.Grade, "only the last grade may leave out 'top' (it takes the rest)"));
                    continue;
                }
                if (rg.Top <= previousTop || rg.Top > 1) _d.Add(Errors.UnreachableGrade(rg.At, rg.Grade, $"its top {Results.Fmt.Plain(rg.Top.Value)} must be above the grade before it ({Results.Fmt.Plain(previousTop)}) and at most 1 (100%)"));
                previousTop = rg.Top.Value;
            }
            foreach (var s in raw.StratifyBy)
                if (s is not ("tier" or "category" or "kind" or "region" or "ownership"))
                    _d.Add(Errors.InvalidValue(raw.At, "stratify_by", s, "tier, category, kind, region or ownership"));
        }
        CompiledExpr? pass = null;
        if (raw.Pass is { } p)
        {
            var scope = new DictScope(new Dictionary<string, Symbol>(_base, StringComparer.Ordinal)
            {
                ["grade"] = new LocalSymbol(LocalSlots.Grade, "grade", new ExprType(TypeKind.Level, scale)),
                ["total"] = new LocalSymbol(LocalSlots.Total, "total", ExprType.Number),
                ["max_total"] = new LocalSymbol(LocalSlots.MaxTotal, "max_total", ExprType.Number),
            });
            foreach (var ind in indicators)
                if (ind.Value is not null && !scope.Names.Contains(ind.Id))
                    scope = scope.With(ind.Id, new IndicatorSymbol(ind.Index, ind.Id, ind.ValueType, ind.Value.Ast, scope));
            pass = Compile(p, scope, ExprType.Bool);
        }
        return new GradingDef
        {
            Method = raw.Method, Basis = raw.Basis, Grades = grades, StratifyBy = raw.StratifyBy, Pass = pass, Rounding = raw.Rounding,
            Note = raw.Note, Scale = scale, MinCoverage = raw.MinCoverage ?? GradingDef.DefaultMinCoverage,
        };
    }

    private List<VetoDef> BindVetoes(DictScope scope, GradingDef? grading)
    {
        var list = new List<VetoDef>();
        foreach (var (raw, from) in _m.Vetoes)
        {
            var when = Compile(raw.When, scope, ExprType.Bool);
            if (raw.CapGrade is not null && (grading is null || grading.Scale.RankOf(raw.CapGrade) < 0))
                _d.Add(Errors.UnknownGrade(raw.At, raw.CapGrade, grading?.Grades.Select(x => x.Grade) ?? Array.Empty<string>()));
            if (when is null) continue;
            list.Add(new VetoDef { Id = raw.Id, Name = raw.Name ?? new Bilingual(raw.Id, raw.Id), When = when, Effect = raw.Effect, CapGrade = raw.CapGrade, Source = raw.Source, DefinedIn = from });
        }
        return list;
    }
}

/// <summary>The checked, compiled content of one rule set.</summary>
internal sealed class RuleSetModel
{
    public required MergedRuleSet Merged { get; init; }
    public required IReadOnlyList<FieldDef> Fields { get; init; }
    /// <summary>Value slots scoring needs: fields some expression reads have slots below this; the others above.</summary>
    public required int ValueSlots { get; init; }
    public required IReadOnlyList<DimensionDef> Dimensions { get; init; }
    /// <summary>In declared order.</summary>
    public required IReadOnlyList<IndicatorDef> Indicators { get; init; }
    /// <summary>In dependency order (an indicator after those it reads).</summary>
    public required IReadOnlyList<IndicatorDef> EvalOrder { get; init; }
    public required IReadOnlyList<AggregateDef> Aggregates { get; init; }
    public required IReadOnlyList<VetoDef> Vetoes { get; init; }
    /// <summary>Subjects the rule set does not assess (<c>applies_to.exclude</c>), the rule set's own.</summary>
    public IReadOnlyList<ExclusionDef> Exclusions { get; init; } = Array.Empty<ExclusionDef>();
    public GradingDef? Grading { get; init; }
    public required IReadOnlyDictionary<string, Scale> Scales { get; init; }
}
