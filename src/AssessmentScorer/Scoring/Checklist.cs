using AssessmentScorer.Expressions;
using AssessmentScorer.Results;
using AssessmentScorer.RuleSets;

namespace AssessmentScorer.Scoring;

/// <summary>
/// Checklist tasks: done in the task's window (from its <c>from</c> day to its deadline) with the evidence it asks for, and
/// meeting its <c>check</c> where it has one, earns the points; late earns late_points; done before the window, not done,
/// without the evidence, or short of the check earns none. A task not yet due is not scored in that year, done or not.
/// </summary>
internal static class Checklist
{
    internal static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    internal static string Pts(decimal p, decimal max) => Fmt.PointsOf(p, max);

    /// <summary>A task's window as a person reads it: its target text.</summary>
    private static string TargetText(DateOnly? from, DateOnly? due)
    {
        var f = from is { } a ? Iso(a) : null;
        var d = due is { } b ? Iso(b) : null;
        return (f, d) switch
        {
            (null, null) => "完成 / done",
            (null, _) => $"{d} 前完成 / done by {d}",
            (_, null) => $"{f} 起完成 / done on or after {f}",
            _ => $"{f} 至 {d} 完成 / done from {f} to {d}",
        };
    }

    // Scoring runs for every task of every subject: the texts shared by subjects are memoised per task (and year) with
    // static factories, so a subject costs no closure, no formatted date and no sentence unless it is the first.
    public static void Score(Engine engine, IndicatorDef ind, ref SubjectRun run, ref Outcome o)
    {
        var task = ind.Task!;
        var year = run.Ctx.Year;
        var dueDate = task.DueIn(year);
        var fromDate = task.FromIn(year);
        o.Target = ind.Memo("target", year, (fromDate, dueDate), static s => TargetText(s.fromDate, s.dueDate));
        var tasks = run.Submission!.Tasks;
        var reported = tasks is not null && tasks.ContainsKey(ind.Id);
        // A task whose deadline falls after the assessment year is not due yet: it is judged in the year it falls due
        // (a completion before then is on time), so it neither earns nor loses points now, done or not.
        if (dueDate is { } due0 && due0.Year > year)
        {
            o.Status = IndicatorStatus.NotApplicable; o.NoMax = true; o.NotYet = true;
            o.Explanation = reported && tasks![ind.Id].Done
                ? ind.Memo("not_due.done", year, (ind.Name, due0, year), static s => new Explanation(
                    $"{s.Name.Zh}：已报告完成，期限 {Iso(s.due0)}，{s.year}年尚未到期，计入 {s.due0.Year} 年考核",
                    $"{s.Name.En}: reported done; due {Iso(s.due0)}, not yet due in {s.year}, judged in {s.due0.Year}"))
                : ind.Memo("not_due", year, (ind.Name, due0, year), static s => new Explanation(
                    $"{s.Name.Zh}：期限 {Iso(s.due0)}，{s.year}年尚未到期", $"{s.Name.En}: due {Iso(s.due0)}, not yet due in {s.year}"));
            return;
        }
        if (tasks is null || !tasks.TryGetValue(ind.Id, out var report))
        {
            o.Status = IndicatorStatus.Missing;
            o.Missing = ind.Memo("not_reported.missing", 0, ind, static i => Array.AsReadOnly(new[] { $"tasks.{i.Id}" }));
            run.Problems!.Add(ind.Memo("not_reported.problem", 0, ind, static i => new Problem($"tasks.{i.Id}", "AS5011", $"{i.Name.Zh} ({i.Id}) is a checklist task; the submission does not report it")));
            o.Explanation = ind.Memo("not_reported", 0, ind, static i => new Explanation($"{i.Name.Zh}：未报告任务完成情况 → {Pts(0, i.MaxPoints)}", $"{i.Name.En}: task not reported → {Pts(0, i.MaxPoints)}"));
            return;
        }
        o.Status = IndicatorStatus.Scored;
        o.Value = Value.OfText(report.Done ? "done" : "not_done");
        if (!report.Done)
        {
            o.Met = false; o.Points = 0;
            o.Explanation = ind.Memo("not_done", 0, ind, static i => new Explanation($"{i.Name.Zh}：未完成 → {Pts(0, i.MaxPoints)}", $"{i.Name.En}: not done → {Pts(0, i.MaxPoints)}"));
            return;
        }
        // Matching by name needs the documents themselves; counting them does not.
        var docs = task.MatchNames ? Evidence.Distinct(report.Evidence) : null;
        var have = docs?.Count ?? Evidence.CountDistinct(report.Evidence);
        var lacking = docs is not null ? Evidence.Lacking(task.Evidence, docs) : null;
        if (have < task.MinEvidence || lacking is { Count: > 0 })
        {
            o.Met = false; o.Points = 0;
            o.Value = Value.OfText("no_evidence");
            // Short of the count, the sentence depends on the count alone: made once per count.
            o.Explanation = lacking is { Count: > 0 } ? NoEvidence(ind, task, lacking, have)
                : ind.Memo("no_evidence", have, (ind, task, have), static s => NoEvidence(s.ind, s.task, null, s.have));
            return;
        }
        if (task.Check is { } check)
        {
            var c = check.Fn(run.Ctx);
            if (c.IsAbsent) { engine.Absent(ind, ref run, ref o, c, check.FieldNames, check.SubjectAttributeNames, "check", check.PreviousFieldNames); return; }
            if (!c.AsBool)
            {
                o.Met = false; o.Points = 0;
                o.Value = Value.OfText("standard_not_met");
                o.Explanation = ind.Memo("check_failed", 0, ind, static i => new Explanation(
                    $"{i.Name.Zh}：报告已完成，但未达到任务标准{(i.Task!.Standard is { } st ? $"“{st.Zh}”" : "")}（核查未通过） → {Pts(0, i.MaxPoints)}",
                    $"{i.Name.En}: reported done, but the task's standard{(i.Task.Standard is { } st2 ? $" \"{st2.En}\"" : "")} is not met (the check does not hold) → {Pts(0, i.MaxPoints)}"));
                return;
            }
        }
        if (dueDate is not null || fromDate is not null)
        {
            if (report.CompletedOn is not { } on)
            {
                o.Status = IndicatorStatus.Missing; o.Met = null;
                o.Missing = ind.Memo("no_date.missing", 0, ind, static i => Array.AsReadOnly(new[] { $"tasks.{i.Id}.completed_on" }));
                run.Problems!.Add(ind.Memo("no_date.problem", 0, ind, static i => new Problem($"tasks.{i.Id}.completed_on", "AS5011", $"{i.Name.Zh} ({i.Id}) has a window; the completion date is needed to judge it")));
                o.Explanation = ind.Memo("no_date", 0, ind, static i => new Explanation($"{i.Name.Zh}：已完成但未报告完成日期，无法判断是否在期限内 → {Pts(0, i.MaxPoints)}", $"{i.Name.En}: done, but no completion date to judge the window → {Pts(0, i.MaxPoints)}"));
                return;
            }
            if (fromDate is { } start && on < start)
            {
                o.Met = false; o.Points = 0;
                o.Value = Value.OfText("before_window");
            }
            else if (dueDate is { } due && on > due)
            {
                o.Met = false; o.Points = Math.Min(ind.LatePoints, ind.MaxPoints);
                o.Value = Value.OfText("late");
            }
            else
            {
                o.Met = true; o.Points = ind.MaxPoints;
                o.Value = Value.OfText("on_time");
            }
            o.Deferred = new ChecklistText(dueDate, fromDate, on, have);
            return;
        }
        o.Met = true; o.Points = ind.MaxPoints;
        o.Value = Value.OfText("done");
        o.Deferred = new ChecklistText(null, null, null, have);
    }

    /// <summary>Why reported evidence does not suffice: the required items it lacks, or how many distinct documents it has.</summary>
    private static Explanation NoEvidence(IndicatorDef ind, TaskDef task, List<string>? lacking, int have)
    {
        var name = ind.Name;
        var pts = Pts(0, ind.MaxPoints);
        return lacking is { Count: > 0 }
            ? new($"{name.Zh}：报告已完成，但缺少佐证材料：{string.Join("、", lacking.Select(l => Evidence.Show(l, zh: true)))}（每份材料只证明一项） → {pts}",
                $"{name.En}: reported done, but evidence is missing: {string.Join(", ", lacking.Select(l => Evidence.Show(l, zh: false)))} (one document proves one item) → {pts}")
            : new($"{name.Zh}：报告已完成，但不同的佐证材料只有 {have} 份，需要 {task.MinEvidence} 份{Listed(task, true)} → {pts}",
                $"{name.En}: reported done, but with {have} distinct evidence document(s) of the {task.MinEvidence} needed{Listed(task, false)} → {pts}");
    }

    private static string Listed(TaskDef task, bool zh) => task.Evidence.Count == 0 ? ""
        : zh ? $"（{string.Join("、", task.Evidence.Select(e => Evidence.Show(e, true)))}）" : $" ({string.Join(", ", task.Evidence.Select(e => Evidence.Show(e, false)))})";
}

/// <summary>A task reported done: its window, completion date and evidence count.</summary>
internal sealed class ChecklistText(DateOnly? due, DateOnly? start, DateOnly? on, int have) : DeferredText
{
    // Dates are formatted when the sentence is read, not for every subject scored, and straight into the sentence
    // (as Checklist.Iso writes them) rather than as strings of their own; the sentence is put together in stack space
    // and kept with the indicator's others (subjects with the same dates and count share it).
    private static readonly IFormatProvider Inv = System.Globalization.CultureInfo.InvariantCulture;

    public override Explanation Format(IndicatorDef ind, Value value, string? target, bool? met, decimal points, decimal max, ShowFlags show)
    {
        var name = ind.Name;
        var pts = Checklist.Pts(points, max);
        Span<char> doneBuf = stackalloc char[10], startBuf = stackalloc char[10], dueBuf = stackalloc char[10], haveBuf = stackalloc char[11];
        // The count as the sentences have always written it: the current culture's without a date, the invariant's with one.
        have.TryFormat(haveBuf, out var hn, default, on is null ? null : Inv);
        ReadOnlySpan<char> count = haveBuf[..hn];
        var zh = new SentenceText(stackalloc char[256]);
        var en = new SentenceText(stackalloc char[256]);
        zh.Add(name.Zh); en.Add(name.En);
        if (on is not { } done)
        {
            zh.Add("：已完成，佐证 "); zh.Add(count); zh.Add(" 份 → ");
            en.Add(": done, "); en.Add(count); en.Add(" evidence document(s) → ");
        }
        else
        {
            ReadOnlySpan<char> d = Iso(done, doneBuf), from = Iso(start, startBuf), until = Iso(due, dueBuf);
            zh.Add("："); zh.Add(d); en.Add(": done "); en.Add(d);
            switch (value.Text)
            {
                case "before_window":
                    zh.Add(" 完成，早于本期起点 "); zh.Add(from); zh.Add("，不是本期的成绩 → ");
                    en.Add(", before this period began on "); en.Add(from); en.Add(": not this period's achievement → ");
                    break;
                case "late":
                    zh.Add(" 完成，晚于期限 "); zh.Add(until); zh.Add(" → ");
                    en.Add(", after the deadline "); en.Add(until); en.Add(" → ");
                    break;
                default:
                    if (due is null)
                    {
                        zh.Add(" 完成（"); zh.Add(from); zh.Add(" 起计），佐证 "); zh.Add(count); zh.Add(" 份 → ");
                        en.Add(" (counted from "); en.Add(from); en.Add("), "); en.Add(count); en.Add(" evidence document(s) → ");
                    }
                    else
                    {
                        zh.Add(" 按期完成（期限 "); zh.Add(until); zh.Add("），佐证 "); zh.Add(count); zh.Add(" 份 → ");
                        en.Add(", by the deadline "); en.Add(until); en.Add(", "); en.Add(count); en.Add(" evidence document(s) → ");
                    }
                    break;
            }
        }
        zh.Add(pts); en.Add(pts);
        return SentenceText.Finish(ref zh, ref en, null, ind.Sentences)!;
    }

    /// <summary>A date as <see cref="Checklist.Iso"/> writes it (yyyy-MM-dd), into <paramref name="buf"/>; nothing for no date.</summary>
    private static ReadOnlySpan<char> Iso(DateOnly? date, Span<char> buf) =>
        date is { } d && d.TryFormat(buf, out var n, "yyyy-MM-dd", Inv) ? buf[..n] : default;
}
