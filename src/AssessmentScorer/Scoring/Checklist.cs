using AssessmentScorer.Expressions;
using AssessmentScorer.Results;
using AssessmentScorer.RuleSets;

namespace AssessmentScorer.Scoring;

/// <summary>Checklist tasks: done on time with evidence earns the points; late earns late_points; not done earns none.</summary>
internal static class Checklist
{
    public static void Score(IndicatorDef ind, ref SubjectRun run, ref Outcome o)
    {
        var task = ind.Task!;
        var name = ind.Name;
        var max = ind.MaxPoints;
        var pts = (decimal p) => $"{Fmt.Points(p)}/{Fmt.Points(max)}";
        var year = run.Ctx.Year;
        var dueDate = task.DueIn(year);
        var deadline = dueDate is { } dl ? dl.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null;
        // Sentences that are the same for every subject (in a year) are made once per task and shared.
        o.Target = ind.Memo("target", year, () => deadline is null ? "完成 / done" : $"{deadline} 前完成 / done by {deadline}");
        var tasks = run.Submission!.Tasks;
        var reported = tasks is not null && tasks.ContainsKey(ind.Id);
        // A task whose deadline falls after the assessment year is not due yet: unless already done, it does not count.
        if (dueDate is { } due0 && due0.Year > year && (!reported || !tasks![ind.Id].Done))
        {
            o.Status = IndicatorStatus.NotApplicable; o.NoMax = true;
            o.Explanation = ind.Memo("not_due", year, () => new Explanation($"{name.Zh}：期限 {deadline}，{year}年尚未到期", $"{name.En}: due {deadline}, not yet due in {year}"));
            return;
        }
        if (tasks is null || !tasks.TryGetValue(ind.Id, out var report))
        {
            o.Status = IndicatorStatus.Missing;
            o.Missing = ind.Memo("not_reported.missing", 0, () => Array.AsReadOnly(new[] { $"tasks.{ind.Id}" }));
            run.Problems!.Add(ind.Memo("not_reported.problem", 0, () => new Problem($"tasks.{ind.Id}", "AS5011", $"{name.Zh} ({ind.Id}) is a checklist task; the submission does not report it")));
            o.Explanation = ind.Memo("not_reported", 0, () => new Explanation($"{name.Zh}：未报告任务完成情况 → {pts(0)}", $"{name.En}: task not reported → {pts(0)}"));
            return;
        }
        o.Status = IndicatorStatus.Scored;
        o.Value = Value.OfText(report.Done ? "done" : "not_done");
        if (!report.Done)
        {
            o.Met = false; o.Points = 0;
            o.Explanation = ind.Memo("not_done", 0, () => new Explanation($"{name.Zh}：未完成 → {pts(0)}", $"{name.En}: not done → {pts(0)}"));
            return;
        }
        var have = report.Evidence.Count(e => !string.IsNullOrWhiteSpace(e));
        var lacking = task.MatchNames
            ? task.Evidence.Where(req => !report.Evidence.Any(e => e.Contains(req, StringComparison.Ordinal))).ToList()
            : new List<string>();
        if (have < task.MinEvidence || lacking.Count > 0)
        {
            o.Met = false; o.Points = 0;
            o.Value = Value.OfText("no_evidence");
            var named = lacking.Count > 0 ? lacking : task.Evidence.ToList();
            var need = named.Count > 0 ? string.Join("、", named) : $"{task.MinEvidence} 份佐证材料";
            var needEn = named.Count > 0 ? string.Join(", ", named) : $"{task.MinEvidence} evidence document(s)";
            o.Explanation = new($"{name.Zh}：报告已完成但缺少佐证材料（需要 {need}） → {pts(0)}", $"{name.En}: reported done without evidence (needs {needEn}) → {pts(0)}");
            return;
        }
        if (dueDate is { } due)
        {
            if (report.CompletedOn is not { } on)
            {
                o.Status = IndicatorStatus.Missing; o.Met = null;
                o.Missing = ind.Memo("no_date.missing", 0, () => Array.AsReadOnly(new[] { $"tasks.{ind.Id}.completed_on" }));
                run.Problems!.Add(ind.Memo("no_date.problem", 0, () => new Problem($"tasks.{ind.Id}.completed_on", "AS5011", $"{name.Zh} ({ind.Id}) has a deadline; the completion date is needed to judge it")));
                o.Explanation = ind.Memo("no_date", 0, () => new Explanation($"{name.Zh}：已完成但未报告完成日期，无法判断是否按期 → {pts(0)}", $"{name.En}: done, but no completion date to judge the deadline → {pts(0)}"));
                return;
            }
            if (on > due)
            {
                o.Met = false; o.Points = Math.Min(ind.LatePoints, ind.MaxPoints);
                o.Value = Value.OfText("late");
            }
            else
            {
                o.Met = true; o.Points = ind.MaxPoints;
                o.Value = Value.OfText("on_time");
            }
            o.Deferred = new ChecklistText(deadline, on, have);
            return;
        }
        o.Met = true; o.Points = ind.MaxPoints;
        o.Value = Value.OfText("done");
        o.Deferred = new ChecklistText(null, null, have);
    }
}

/// <summary>A task reported done: its deadline, completion date and evidence count.</summary>
internal sealed class ChecklistText(string? deadline, DateOnly? on, int have) : DeferredText
{
    public override Explanation Format(IndicatorDef ind, Value value, string? target, bool? met, decimal points, decimal max, ShowFlags show)
    {
        var name = ind.Name;
        var pts = $"{Fmt.Points(points)}/{Fmt.Points(max)}";
        if (on is not { } done) return new($"{name.Zh}：已完成，佐证 {have} 份 → {pts}", $"{name.En}: done, {have} evidence document(s) → {pts}");
        var when = done.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return value.Text == "late"
            ? new($"{name.Zh}：{when} 完成，晚于期限 {deadline} → {pts}", $"{name.En}: done {when}, after the deadline {deadline} → {pts}")
            : new($"{name.Zh}：{when} 按期完成（期限 {deadline}），佐证 {have} 份 → {pts}", $"{name.En}: done {when}, by the deadline {deadline}, {have} evidence document(s) → {pts}");
    }
}
