using AssessmentScorer.Expressions;
using AssessmentScorer.Results;
using AssessmentScorer.RuleSets;

namespace AssessmentScorer.Scoring;

/// <summary>Checklist tasks: done on time with evidence earns the points; late earns late_points; not done earns none.</summary>
internal static class Checklist
{
    public static void Score(IndicatorDef ind, SubjectRun run, ref Outcome o)
    {
        var task = ind.Task!;
        var name = ind.Name;
        var max = o.Max;
        var pts = (decimal p) => $"{Fmt.Points(p)}/{Fmt.Points(max)}";
        var dueDate = task.DueIn(run.Ctx.Year);
        var deadline = dueDate is { } dl ? dl.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null;
        o.Target = deadline is null ? "完成 / done" : $"{deadline} 前完成 / done by {deadline}";
        var reported = run.Submission!.Tasks is not null && run.Submission!.Tasks.ContainsKey(ind.Id);
        // A task whose deadline falls after the assessment year is not due yet: unless already done, it does not count.
        if (dueDate is { } due0 && due0.Year > run.Ctx.Year && (!reported || !run.Submission!.Tasks![ind.Id].Done))
        {
            o.Status = IndicatorStatus.NotApplicable; o.Max = 0;
            o.Explanation = new($"{name.Zh}：期限 {deadline}，{run.Ctx.Year}年尚未到期", $"{name.En}: due {deadline}, not yet due in {run.Ctx.Year}");
            return;
        }
        if (run.Submission!.Tasks is null || !run.Submission!.Tasks.TryGetValue(ind.Id, out var report))
        {
            o.Status = IndicatorStatus.Missing;
            o.Missing = new[] { $"tasks.{ind.Id}" };
            run.Problems.Add(new Problem($"tasks.{ind.Id}", "AS5011", $"{name.Zh} ({ind.Id}) is a checklist task; the submission does not report it"));
            o.Explanation = new($"{name.Zh}：未报告任务完成情况 → {pts(0)}", $"{name.En}: task not reported → {pts(0)}");
            return;
        }
        o.Status = IndicatorStatus.Scored;
        o.Value = Value.OfText(report.Done ? "done" : "not_done");
        if (!report.Done)
        {
            o.Met = false; o.Points = 0;
            o.Explanation = new($"{name.Zh}：未完成 → {pts(0)}", $"{name.En}: not done → {pts(0)}");
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
                o.Missing = new[] { $"tasks.{ind.Id}.completed_on" };
                run.Problems.Add(new Problem($"tasks.{ind.Id}.completed_on", "AS5011", $"{name.Zh} ({ind.Id}) has a deadline; the completion date is needed to judge it"));
                o.Explanation = new($"{name.Zh}：已完成但未报告完成日期，无法判断是否按期 → {pts(0)}", $"{name.En}: done, but no completion date to judge the deadline → {pts(0)}");
                return;
            }
            var when = on.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            if (on > due)
            {
                o.Met = false; o.Points = Math.Min(ind.LatePoints, ind.MaxPoints);
                o.Value = Value.OfText("late");
                o.Explanation = new($"{name.Zh}：{when} 完成，晚于期限 {deadline} → {pts(o.Points)}", $"{name.En}: done {when}, after the deadline {deadline} → {pts(o.Points)}");
                return;
            }
            o.Met = true; o.Points = ind.MaxPoints;
            o.Value = Value.OfText("on_time");
            o.Explanation = new($"{name.Zh}：{when} 按期完成（期限 {deadline}），佐证 {have} 份 → {pts(o.Points)}", $"{name.En}: done {when}, by the deadline {deadline}, {have} evidence document(s) → {pts(o.Points)}");
            return;
        }
        o.Met = true; o.Points = ind.MaxPoints;
        o.Value = Value.OfText("done");
        o.Explanation = new($"{name.Zh}：已完成，佐证 {have} 份 → {pts(o.Points)}", $"{name.En}: done, {have} evidence document(s) → {pts(o.Points)}");
        return;
    }
}
