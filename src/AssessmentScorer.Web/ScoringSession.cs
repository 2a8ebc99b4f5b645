namespace AssessmentScorer.Web;

/// <summary>A row of the results table: what the table sorts, filters and searches, read once from each result.</summary>
public sealed record ResultRow(int Index, string Id, string Name, string Tier, string Category, string Stratum, decimal Total, decimal MaxTotal,
    string Grade, bool? Passed, int? Rank, int? Of)
{
    public string Search { get; } = (Id + " " + Name).ToLowerInvariant();
}

/// <summary>
/// One reader's work on the assessment pages (kept for the connection, never stored): the rule set chosen, the files
/// read with every problem found, and once scored the cohort's results. Every number comes from the library.
/// </summary>
public sealed class ScoringSession
{
    public CompiledRuleSet? RuleSet { get; private set; }
    public InputBatch? Batch { get; private set; }
    public IReadOnlyList<string> Files { get; private set; } = Array.Empty<string>();
    public IReadOnlyList<AssessmentResult> Results { get; private set; } = Array.Empty<AssessmentResult>();
    public IReadOnlyList<AggregateResult> Aggregates { get; private set; } = Array.Empty<AggregateResult>();
    public IReadOnlyList<ResultRow> Rows => Summary.Rows;
    public bool Scored { get; private set; }
    public CohortResult? Cohort { get; private set; }

    /// <summary>Reads uploaded files against a rule set; nothing is scored yet. Any earlier results are dropped.</summary>
    public InputBatch Read(CompiledRuleSet rs, IReadOnlyList<(string Name, byte[] Bytes)> files)
    {
        var batch = new InputBatch();
        foreach (var (name, bytes) in files) Inputs.ReadBytes(name, bytes, rs, batch);
        RuleSet = rs;
        Batch = batch;
        Files = files.Select(f => f.Name).ToList();
        Results = Array.Empty<AssessmentResult>();
        Aggregates = Array.Empty<AggregateResult>();
        Summary = ResultSummary.Empty;
        Cohort = null;
        CellProblems = Array.Empty<InputProblem>();
        Scored = false;
        Compute();
        return batch;
    }

    /// <summary>
    /// Bad cells the library finds only when it reads the values against the rule set (a number where text is, a value
    /// out of range, a level it does not know), by file, row and column: shown with the file's own problems before the
    /// results are.
    /// </summary>
    public IReadOnlyList<InputProblem> CellProblems { get; private set; } = Array.Empty<InputProblem>();

    /// <summary>Every problem found in the files, before any result is shown: the file's own, then the bad cells.</summary>
    public IReadOnlyList<InputProblem> AllProblems => Problems.Concat(CellProblems).ToList();

    /// <summary>Shows the results worked out when the files were read.</summary>
    public void Score()
    {
        if (RuleSet is null || Batch is null) throw new InvalidOperationException("Nothing has been read yet.");
        Scored = true;
    }

    // Several submissions are scored as one cohort, a single one alone (as the command line does).
    private void Compute()
    {
        var subs = Batch!.Items.Select(i => i.Submission).ToList();
        if (subs.Count == 0) return;
        if (subs.Count == 1)
        {
            Results = new[] { RuleSet!.Score(subs[0]) };
            Aggregates = Array.Empty<AggregateResult>();
            Cohort = null;
        }
        else
        {
            var cohort = RuleSet!.ScoreCohort(subs);
            Cohort = cohort;
            // The cohort makes each result when read: read each once here and keep it for the pages.
            Results = cohort.Results.ToArray();
            Aggregates = cohort.Aggregates;
        }
        Summary = new ResultSummary(Results, Aggregates, RuleSet.Grading);
        var seen = Batch.Problems.Select(p => (p.File, p.Row, p.Field, p.Code)).ToHashSet();
        var cells = new List<InputProblem>();
        for (var i = 0; i < Results.Count && i < Batch.Items.Count; i++)
        {
            var item = Batch.Items[i];
            foreach (var p in Results[i].Problems)
            {
                if (ProblemCodes.Get(p.Code).Category != ProblemCategory.InvalidValue || !seen.Add((item.File, item.Row, p.Field, p.Code))) continue;
                var column = p.Field.StartsWith("values.", StringComparison.Ordinal) ? p.Field["values.".Length..] : p.Field;
                cells.Add(new InputProblem(item.File, item.Row, column, p.Field, p.Code, p.Message));
            }
        }
        CellProblems = cells;
    }

    /// <summary>What the results page shows: the table's rows, passes, grade counts, weakest indicators.</summary>
    public ResultSummary Summary { get; private set; } = ResultSummary.Empty;

    /// <summary>The results as JSON: the cohort's document, or the one result scored alone (as the command line writes them).</summary>
    public string Json() => Cohort?.ToJson() ?? (Results.Count == 1 ? Results[0].ToJson() : "[]");

    /// <summary>The problems found in the files read, by file and row.</summary>
    public IReadOnlyList<InputProblem> Problems => Batch?.Problems ?? (IReadOnlyList<InputProblem>)Array.Empty<InputProblem>();

    /// <summary>The result of the subject with this id, or null.</summary>
    public AssessmentResult? Find(string id)
    {
        for (var i = 0; i < Rows.Count; i++) if (Rows[i].Id == id) return Results[i];
        return null;
    }

    /// <summary>The input problems of one subject (its row's problems, matched by the subject id field).</summary>
    public IReadOnlyList<InputProblem> ProblemsOf(AssessmentResult r)
    {
        if (Batch is null) return Array.Empty<InputProblem>();
        var rows = Batch.Items.Where(i => i.Submission.Subject.Id == r.Subject.Id).Select(i => (i.File, i.Row)).ToHashSet();
        return AllProblems.Where(p => rows.Contains((p.File, p.Row))).ToList();
    }
}
