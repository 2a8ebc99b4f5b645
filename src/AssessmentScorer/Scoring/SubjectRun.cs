using AssessmentScorer.Expressions;
using AssessmentScorer.Results;
using AssessmentScorer.RuleSets;

namespace AssessmentScorer.Scoring;

/// <summary>
/// One subject being scored: its context, outcomes and running totals. A struct, passed by reference: a cohort keeps
/// its subjects' runs in arrays of 512 (see <see cref="RunTable"/>), so a large cohort holds no object per subject of
/// its own for the collector to mark and copy.
/// </summary>
internal struct SubjectRun
{
    /// <summary>The input; a cohort lets go of it once the subject is scored (only <see cref="Subject"/> and the year are kept).</summary>
    public required Submission? Submission;
    public required Subject Subject { get; init; }
    public required int Year { get; init; }
    /// <summary>The values expressions read; a cohort lets go of them (sets it to null) once nothing after phase 1 reads it.</summary>
    public required EvalContext Ctx;
    public int? PreviousYear;
    /// <summary>
    /// Where the outcomes live: a cohort gives each block of subjects one shared array (large, so the collector never
    /// copies it), a single score its own; <see cref="Outcomes"/> is this subject's part.
    /// </summary>
    public required Outcome[] Chunk { get; init; }
    public required int Offset { get; init; }
    /// <summary>Scored as one of a cohort (ranked indicators wait for the ranking) rather than alone.</summary>
    public bool InCohort { get; init; }
    /// <summary>Scored for its grade only (sensitivity draws): no target texts or display flags are made.</summary>
    public bool GradeOnly { get; init; }
    /// <summary>A subject the rule set does not assess (<c>applies_to.exclude</c>): no indicator applies, no grade, no rank.</summary>
    public bool Excluded;
    public readonly Span<Outcome> Outcomes => Chunk.AsSpan(Offset, Count);
    public required int Count { get; init; }
    /// <summary>Problems found while scoring; settled into <see cref="SettledProblems"/> once the subject is scored.</summary>
    public List<Problem>? Problems;
    /// <summary>The result's problems, each once (nothing after scoring adds problems).</summary>
    public Problem[]? SettledProblems;
    /// <summary>
    /// Per veto of the rule set, in order: 1 when it fired, 2 when undecided, 0 when it did not fire. Null while every
    /// veto so far did not fire (most subjects), so nothing is kept for them.
    /// </summary>
    public byte[]? VetoStates;
    public bool VetoFailed;
    public bool VetoUndecided;
    public string? VetoCap;
    /// <summary>For cohort aggregates: per aggregate, the values of its over, of and denominator expressions.</summary>
    public Value[]? AggregateInputs;
    public string? Grade;
    public bool? Passed;
    /// <summary>Standing in the stratum by total, in a cohort (0 of 0 when not ranked); made into a record when read.</summary>
    public int StandingRank, StandingOf;
    public decimal Total;
    public decimal MaxTotal;
    /// <summary>The subject's full points: <see cref="MaxTotal"/> and the points set aside for this year only.</summary>
    public decimal FullMax;
    public string? Stratum;
}

/// <summary>
/// A cohort's runs, in the order read, in arrays of 512 (under the large-object threshold: runs are written to
/// while a subject is scored, and writing references into a large, old array costs the collector more than a young
/// array being copied once). A block of subjects is added before it is scored, so no run is ever moved or copied.
/// </summary>
internal sealed class RunTable
{
    private const int Shift = 9;
    private const int PartSize = 1 << Shift;
    /// <summary>Subjects per block added: every block but the last is full.</summary>
    public const int BlockSize = 4096;
    private SubjectRun[][] _parts = new SubjectRun[8][];
    private int _partCount;

    /// <summary>Runs in the table (those of every block added, scored or not).</summary>
    public int Count { get; private set; }

    public ref SubjectRun this[int index] => ref _parts[index >> Shift][index & (PartSize - 1)];

    /// <summary>Adds a block of <paramref name="count"/> runs (at most <see cref="BlockSize"/>; only the last block may be short).</summary>
    public void Add(int count)
    {
        if (count > BlockSize || Count % BlockSize != 0) throw new InvalidOperationException("only the last block of a run table may be short");
        for (var left = count; left > 0; left -= PartSize)
        {
            if (_partCount == _parts.Length) Array.Resize(ref _parts, _parts.Length * 2);
            _parts[_partCount++] = new SubjectRun[Math.Min(left, PartSize)];
        }
        Count += count;
    }
}
