using AssessmentScorer.Expressions;
using AssessmentScorer.RuleSets;
using AssessmentScorer.Scoring;

namespace AssessmentScorer;

public static partial class Sensitivity
{
    /// <summary>
    /// The draws of a cohort-relative run worked out directly, without the engine's general re-scoring: for a rule set
    /// where noise moves nothing but the values of rank-scored indicators that nothing else reads (no other indicator,
    /// veto, exclusion, pass condition or aggregate; no <c>applies_when</c>), each such value is a small flat program
    /// over the subject's field values — fields, numbers, <c>+ − × ÷</c>, unary minus, <c>prev(field)</c> and
    /// <c>growth(field)</c> — run with the engine's own decimal operations (<see cref="Arith"/>), so every value is the
    /// decimal the engine would give, bit for bit. A division at the top (and <c>growth</c>, a division at heart) is
    /// left undivided for the ranking, as <see cref="Engine.GradeRunner.DeferRatios"/> does. Everything else a subject's
    /// grade reads (its own points, totals, vetoes, exclusion) does not depend on the noise and is the submitted
    /// values'. A subject whose draw gives an indicator a value of another kind than its submitted one (a number where
    /// the submitted value was missing or undefined, or the reverse) is scored by the engine instead, for that draw.
    /// </summary>
    internal sealed class DirectDraws
    {
        private enum Op : byte { Field, Previous, Constant, Negate, Add, Subtract, Multiply, Divide, Growth }

        /// <summary>One step of a postfix program: an operation, the operand it reads (an index of the operands), a number.</summary>
        private readonly record struct Step(Op Op, int Slot, decimal Constant);

        /// <summary>A rank-scored indicator's value: one program, or (for a division or growth at the top) its two operands.</summary>
        private sealed record Form(Step[] Whole, Step[]? Numerator, Step[]? Denominator, bool Growth, int Index);

        /// <summary>Per rank-scored indicator of the run (its order): the form of its value, or null when noise cannot move it.</summary>
        private readonly Form?[] _forms;
        /// <summary>The operands the programs read: a value slot, of the current period or the previous one.</summary>
        private readonly (int Slot, bool Previous)[] _operands;
        private readonly int _depth;
        /// <summary>Per subject (subject-major), each operand's submitted kind and number.</summary>
        private decimal[] _baseNum = [];
        private VKind[] _baseKind = [];
        /// <summary>Per subject, for each of its noisy fields the operand it is (-1: none).</summary>
        private int[][] _noisyAt = [];
        /// <summary>Per subject and rank-scored indicator, the kind of its submitted value.</summary>
        private VKind[] _submittedKind = [];

        private DirectDraws(Form?[] forms, (int, bool)[] operands, int depth) => (_forms, _operands, _depth) = (forms, operands, depth);

        /// <summary>The direct draws for <paramref name="ranked"/>, or null when the rule set needs the engine's re-scoring.</summary>
        internal static DirectDraws? TryCreate(Job job, IndicatorDef[] ranked, Engine.Prepared[] prepared, Noisy[] noisySubjects)
        {
            var m = job.RuleSet.Model;
            var noisy = job.Fields.Keys.ToArray();
            // Vetoes and the pass condition read no noisy field (they would move a subject's own part).
            if (m.Vetoes.Any(v => v.When.Fields.Overlaps(noisy)) || (m.Grading?.Pass?.Fields.Overlaps(noisy) ?? false)) return null;
            if (m.Exclusions.Any(x => x.When.Fields.Overlaps(noisy) || x.When.Indicators.Count > 0)) return null;
            var read = new HashSet<string>(StringComparer.Ordinal);
            foreach (var e in m.Indicators.SelectMany(GradePlan.Expressions).Concat(m.Vetoes.Select(v => v.When))
                .Concat(m.Exclusions.Select(x => x.When)).Concat(m.Aggregates.SelectMany(a => new[] { a.Over, a.Of, a.Denominator }))
                .Append(m.Grading?.Pass))
                if (e is not null) read.UnionWith(e.Indicators);
            var plan = job.Plan;
            var affected = plan.Affected(noisy).Select(k => plan.Order[k]).ToHashSet();
            var position = ranked.Select((ind, j) => (ind, j)).ToDictionary(x => x.ind, x => x.j);
            var fields = m.Fields.Where(f => f.Slot < m.ValueSlots).ToDictionary(f => f.Id, StringComparer.Ordinal);
            var forms = new Form?[ranked.Length];
            var operands = new Dictionary<(int, bool), int>();
            var depth = 1;
            foreach (var ind in affected)
            {
                if (!position.TryGetValue(ind, out var j)) return null;
                if (ind.ScoringMethod.Flow != Scoring.Methods.MethodFlow.Ranked || ind.AppliesWhen is not null || read.Contains(ind.Id)) return null;
                if (ind.Value is not { Type.Kind: TypeKind.Number } value || value.Indicators.Count > 0 || value.SubjectAttributes.Count > 0) return null;
                var form = Compile(value.Ast, fields, operands, ind.Index);
                if (form is null) return null;
                forms[j] = form;
                depth = Math.Max(depth, form.Whole.Length);
            }
            var direct = new DirectDraws(forms, operands.OrderBy(kv => kv.Value).Select(kv => kv.Key).ToArray(), depth);
            direct.Prepare(prepared, noisySubjects, job.Parallel);
            return direct;
        }

        /// <summary>Each subject's operands as submitted, where its noisy fields go, and its rank-scored values' kinds.</summary>
        private void Prepare(Engine.Prepared[] prepared, Noisy[] noisySubjects, ParallelOptions parallel)
        {
            var (n, r, f) = (prepared.Length, _operands.Length, _forms.Length);
            (_baseNum, _baseKind, _noisyAt, _submittedKind) = (new decimal[n * r], new VKind[n * r], new int[n][], new VKind[n * f]);
            var at = new Dictionary<int, int>();
            for (var k = 0; k < r; k++) if (!_operands[k].Previous) at[_operands[k].Slot] = k;
            Parallel.For(0, n, parallel, i =>
            {
                var p = prepared[i];
                for (var k = 0; k < r; k++)
                {
                    var (slot, previous) = _operands[k];
                    var v = previous ? p.Previous is { } before ? before[slot] : Value.Missing : p.Current[slot];
                    (_baseKind[i * r + k], _baseNum[i * r + k]) = (v.Kind, v.Kind == VKind.Number ? v.Num : 0);
                    // Texts, levels and yes/no answers keep a kind the arithmetic refuses (the engine scores such a subject).
                    if (v.Kind is not (VKind.Number or VKind.Missing or VKind.Undefined)) _baseKind[i * r + k] = VKind.Text;
                }
                _noisyAt[i] = noisySubjects[i].Slots.Select(slot => at.TryGetValue(slot, out var k) ? k : -1).ToArray();
                for (var j = 0; j < f; j++)
                    _submittedKind[i * f + j] = _forms[j] is { } form ? p.Indicators[form.Index].Kind : VKind.Missing;
            });
        }

        private static Form? Compile(Expr ast, Dictionary<string, FieldDef> fields, Dictionary<(int, bool), int> operands, int index)
        {
            var whole = new List<Step>();
            if (!Emit(ast, fields, operands, whole)) return null;
            if (ast is Binary { Op: "/" } b)
            {
                var (n, d) = (new List<Step>(), new List<Step>());
                Emit(b.Left, fields, operands, n);
                Emit(b.Right, fields, operands, d);
                return new Form(whole.ToArray(), n.ToArray(), d.ToArray(), false, index);
            }
            if (ast is Call { Name: "growth" })
                return new Form(whole.ToArray(), [whole[0]], [whole[1]], true, index);
            return new Form(whole.ToArray(), null, null, false, index);
        }

        /// <summary>Postfix steps for <paramref name="e"/>; false for anything outside the small language above.</summary>
        private static bool Emit(Expr e, Dictionary<string, FieldDef> fields, Dictionary<(int, bool), int> operands, List<Step> steps)
        {
            Step Operand(int slot, bool previous)
            {
                if (!operands.TryGetValue((slot, previous), out var k)) operands.Add((slot, previous), k = operands.Count);
                return new(previous ? Op.Previous : Op.Field, k, 0);
            }

            switch (e)
            {
                case NumberLit n:
                    steps.Add(new(Op.Constant, 0, n.Value));
                    return true;
                case Ident id when fields.TryGetValue(id.Name, out var f):
                    steps.Add(Operand(f.Slot, false));
                    return true;
                case Unary { Op: "-" } u:
                    if (!Emit(u.Operand, fields, operands, steps)) return false;
                    steps.Add(new(Op.Negate, 0, 0));
                    return true;
                case Binary { Op: "+" or "-" or "*" or "/" } b:
                    if (!Emit(b.Left, fields, operands, steps) || !Emit(b.Right, fields, operands, steps)) return false;
                    steps.Add(new(b.Op switch { "+" => Op.Add, "-" => Op.Subtract, "*" => Op.Multiply, _ => Op.Divide }, 0, 0));
                    return true;
                case Call { Name: "prev" or "growth", Args: [Ident id] } c when fields.TryGetValue(id.Name, out var f):
                    if (c.Name == "growth") steps.Add(Operand(f.Slot, false));
                    steps.Add(Operand(f.Slot, true));
                    if (c.Name == "growth") steps.Add(new(Op.Growth, 0, 0));
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>A thread's working arrays: the operands of the programs (kind and number), and a stack.</summary>
        internal sealed class Scratch(int operands, int depth)
        {
            public readonly decimal[] Num = new decimal[operands];
            public readonly VKind[] Kind = new VKind[operands];
            public readonly decimal[] StackNum = new decimal[depth];
            public readonly VKind[] StackKind = new VKind[depth];
        }

        internal Scratch NewScratch() => new(_operands.Length, _depth);

        /// <summary>
        /// Subject <paramref name="i"/>'s operands for a draw, into <paramref name="s"/>: its submitted values, then its
        /// noisy fields' drawn <paramref name="values"/> (in the order of <see cref="Noisy.Ids"/>).
        /// </summary>
        internal void Load(int i, ReadOnlySpan<decimal> values, Scratch s)
        {
            var r = _operands.Length;
            Array.Copy(_baseNum, i * r, s.Num, 0, r);
            Array.Copy(_baseKind, i * r, s.Kind, 0, r);
            var at = _noisyAt[i];
            for (var k = 0; k < at.Length; k++)
            {
                if (at[k] < 0) continue;
                s.Num[at[k]] = values[k];
                s.Kind[at[k]] = VKind.Number;
            }
        }

        /// <summary>
        /// Subject <paramref name="i"/>'s rank-scored values in a draw, from the operands in <paramref name="s"/>, into
        /// <paramref name="st"/> (its own part as submitted, from <paramref name="baseline"/>). False, with nothing to rely
        /// on written, when a value's kind differs from the submitted one's: the engine must score it.
        /// </summary>
        internal bool Store(CohortState st, CohortState baseline, int i, Scratch s, int plan)
        {
            var forms = _forms;
            var excluded = baseline.Excluded[i];
            for (var j = 0; j < forms.Length; j++)
            {
                var f = forms[j];
                if (f is null || excluded)
                {
                    (st.Has[j][i], st.Value[j][i]) = (baseline.Has[j][i], baseline.Value[j][i]);
                    st.Ratios[j].Clear(i);
                    continue;
                }
                VKind kind;
                decimal value;
                if (f.Numerator is { } numerator)
                {
                    var (ka, a) = Run(numerator, s);
                    var (kb, b) = Run(f.Denominator!, s);
                    if (f.Growth) (ka, a) = Arithmetic(Op.Subtract, ka, a, kb, b);
                    // Left undivided where the engine's deferred ratio would be (a plain number, far inside decimal's range).
                    if (ka == VKind.Number && kb == VKind.Number && !DecimalBits.IsZero(b) && Inside(a, b))
                    {
                        if (!baseline.Has[j][i]) return false;
                        (st.Has[j][i], st.Value[j][i]) = (true, a);
                        st.Ratios[j].Set(i, b);
                        continue;
                    }
                    (kind, value) = Arithmetic(Op.Divide, ka, a, kb, b);
                }
                else (kind, value) = Run(f.Whole, s);
                if (kind == VKind.Number)
                {
                    if (!baseline.Has[j][i]) return false;
                    (st.Has[j][i], st.Value[j][i]) = (true, value);
                }
                else
                {
                    // Missing or undefined as submitted: the indicator's outcome is the submitted one.
                    if (kind != _submittedKind[i * forms.Length + j] || baseline.Has[j][i]) return false;
                    (st.Has[j][i], st.Value[j][i]) = (false, 0);
                }
                st.Ratios[j].Clear(i);
            }
            // The subject's own part is the submitted values' (written again only after the engine scored it).
            var synced = st.Synced;
            if (!synced[i])
            {
                (st.Excluded[i], st.OwnTotal[i], st.OwnMax[i], st.OwnFull[i], st.Failed[i], st.Cap[i]) =
                    (excluded, baseline.OwnTotal[i], baseline.OwnMax[i], baseline.OwnFull[i], baseline.Failed[i], baseline.Cap[i]);
                Array.Copy(baseline.Points, i * plan, st.Points, i * plan, plan);
                synced[i] = true;
            }
            return true;
        }

        /// <summary>
        /// Whether |a / b| &lt; 10^27 (b not zero), as the engine decides to leave a ratio undivided: certainly so when a's
        /// whole number fits 64 bits (below 1.9·10^19) and b's scale exceeds a's by at most 7; otherwise on doubles.
        /// </summary>
        private static bool Inside(decimal a, decimal b)
        {
            ref var x = ref System.Runtime.CompilerServices.Unsafe.As<decimal, uint>(ref a);
            if (System.Runtime.CompilerServices.Unsafe.Add(ref x, 1) == 0 && b.Scale - a.Scale <= 7) return true;
            return Math.Abs((double)a / (double)b) < 1e27;
        }

        private (VKind, decimal) Run(Step[] steps, Scratch s)
        {
            // A single operand (most numerators, denominators and plain values): read, no stack.
            if (steps.Length == 1 && steps[0].Op is Op.Field or Op.Previous) return (s.Kind[steps[0].Slot], s.Num[steps[0].Slot]);
            var (num, kind) = (s.StackNum, s.StackKind);
            var top = -1;
            foreach (var step in steps)
            {
                switch (step.Op)
                {
                    case Op.Field or Op.Previous: top++; (kind[top], num[top]) = (s.Kind[step.Slot], s.Num[step.Slot]); break;
                    case Op.Constant: top++; (kind[top], num[top]) = (VKind.Number, step.Constant); break;
                    case Op.Negate: if (kind[top] == VKind.Number) num[top] = -num[top]; break;
                    case Op.Growth:
                        top--;
                        var (kd, d) = Arithmetic(Op.Subtract, kind[top], num[top], kind[top + 1], num[top + 1]);
                        (kind[top], num[top]) = Arithmetic(Op.Divide, kd, d, kind[top + 1], num[top + 1]);
                        break;
                    default: top--; (kind[top], num[top]) = Arithmetic(step.Op, kind[top], num[top], kind[top + 1], num[top + 1]); break;
                }
            }
            return (kind[0], num[0]);
        }

        /// <summary>
        /// The engine's arithmetic (<see cref="Arith"/>) on kinds and numbers: missing wins over undefined; division by
        /// zero and overflow are undefined. An operand that is not a number (a text, a level) gives <see cref="VKind.Text"/>,
        /// which no subject's submitted value has here: the engine then scores the subject.
        /// </summary>
        private static (VKind, decimal) Arithmetic(Op op, VKind ka, decimal a, VKind kb, decimal b)
        {
            if (ka == VKind.Missing || kb == VKind.Missing) return (VKind.Missing, 0);
            if (ka == VKind.Undefined || kb == VKind.Undefined) return (VKind.Undefined, 0);
            if (ka != VKind.Number || kb != VKind.Number) return (VKind.Text, 0);
            try
            {
                switch (op)
                {
                    case Op.Add: return (VKind.Number, a + b);
                    case Op.Subtract: return (VKind.Number, a - b);
                    case Op.Multiply: return (VKind.Number, a * b);
                    default: return DecimalBits.IsZero(b) ? (VKind.Undefined, 0) : (VKind.Number, a / b);
                }
            }
            catch (OverflowException) { return (VKind.Undefined, 0); }
        }
    }
}
