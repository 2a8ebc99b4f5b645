namespace AssessmentScorer.Tests.Scoring;

/// <summary>
/// A cohort larger than the scorer's block of subjects (4,096), read lazily: the Leshan district cohort of
/// examples/ repeated 160 times (5,120 hospitals). Repeating a cohort leaves shares and per-subject outcomes alone
/// and multiplies counts and sums, which pins that nothing leaks between subjects or blocks.
/// </summary>
public class LargeCohortTests
{
    private const int Copies = 160;

    private static CompiledRuleSet Leshan() =>
        RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry.Resolve("cn.sichuan.leshan.shizhong.high-quality@1.0.0")!;

    private static List<Submission> District()
    {
        var batch = SubmissionBatch.ReadJsonArray(File.ReadAllText(Path.Combine(Repo.Root, "examples/leshan/district-cohort.json")));
        batch.Rejected.Should().BeEmpty();
        return batch.Submissions.ToList();
    }

    private static IEnumerable<Submission> Repeated(List<Submission> cohort, Action onItem)
    {
        for (var copy = 0; copy < Copies; copy++)
            foreach (var s in cohort)
            {
                onItem();
                yield return s with { Subject = s.Subject with { Id = $"{s.Subject.Id}-{copy:D3}" } };
            }
    }

    [Fact]
    public void RepeatedCohort_ReadOnce_SameOutcomesAndShares_CountsMultiplied()
    {
        var rs = Leshan();
        var district = District();
        var small = rs.ScoreCohort(district);
        var read = 0;
        var large = rs.ScoreCohort(Repeated(district, () => read++));

        read.Should().Be(Copies * district.Count);
        large.Results.Should().HaveCount(Copies * district.Count);
        for (var i = 0; i < large.Results.Count; i++)
        {
            var (a, b) = (large.Results[i], small.Results[i % district.Count]);
            a.Subject.Id.Should().Be($"{b.Subject.Id}-{i / district.Count:D3}");
            a.Total.Should().Be(b.Total);
            a.Grade.Should().Be(b.Grade);
            a.Passed.Should().Be(b.Passed);
            a.Vetoes.Select(v => v.Triggered).Should().Equal(b.Vetoes.Select(v => v.Triggered));
            a.Problems.Select(p => p.Message).Should().Equal(b.Problems.Select(p => p.Message));
            a.Indicators.Select(x => (x.Id, x.Points, x.Status, x.Explanation.Zh)).Should().Equal(b.Indicators.Select(x => (x.Id, x.Points, x.Status, x.Explanation.Zh)));
            a.Cohort!.Of.Should().Be(b.Cohort!.Of * Copies);
        }
        large.Aggregates.Should().HaveCount(small.Aggregates.Count);
        for (var k = 0; k < small.Aggregates.Count; k++)
        {
            var (a, b) = (large.Aggregates[k], small.Aggregates[k]);
            a.InScope.Should().Be(b.InScope * Copies, a.Id);
            a.Counted.Should().Be(b.Counted * Copies, a.Id);
            a.MissingSubjects.Should().HaveCount(b.MissingSubjects.Count * Copies, a.Id);
            if (a.Kind is "share_of" or "average")
            {
                a.Value.Should().Be(b.Value, a.Id);
                a.Met.Should().Be(b.Met, a.Id);
            }
            if (a.Kind is "sum_of" or "count_of") a.Value.Should().Be(b.Value * Copies, a.Id);
        }
    }

    [Fact]
    public void NullSubmission_IsAnArgumentError_NamingItsPosition()
    {
        var subs = District().Cast<Submission?>().ToList();
        subs.Insert(5, null);
        var act = () => Leshan().ScoreCohort(subs!);
        act.Should().Throw<ArgumentException>().WithMessage("*submission at index 5 *null*");
    }

    [Fact]
    public void NullSubmissionInALaterBlock_NamesItsPosition_AfterTheBlockBeingScoredIsDone()
    {
        // The next block is read while one is scored: a null in the second block names its place in the whole cohort.
        var cohort = District();
        var read = 0;
        IEnumerable<Submission?> Source()
        {
            foreach (var s in Repeated(cohort, () => read++))
            {
                if (read == 4_100) yield return null;
                yield return s;
            }
        }
        var act = () => Leshan().ScoreCohort(Source()!);
        act.Should().Throw<ArgumentException>().WithMessage("*submission at index 4099 *null*");
    }

    [Fact]
    public void SourceThatFails_ItsExceptionComesThrough()
    {
        var cohort = District();
        var read = 0;
        IEnumerable<Submission> Source()
        {
            foreach (var s in Repeated(cohort, () => read++))
            {
                if (read == 4_500) throw new IOException("the source broke at 4,500");
                yield return s;
            }
        }
        var progress = new List<int>();
        var act = () => Leshan().ScoreCohort(Source(), new Progress(progress));
        act.Should().Throw<IOException>().WithMessage("the source broke at 4,500");
        // The first block (4,096 subjects) was being scored when the second failed: it is let finish, and no progress
        // past it is reported.
        progress.Where(p => p > 4_096).Should().BeEmpty();
        // The same rule set scores a whole cohort afterwards.
        Leshan().ScoreCohort(cohort).Results.Should().HaveCount(cohort.Count);
    }

    /// <summary>Records progress reports as they come (on the calling thread, unlike <see cref="Progress{T}"/>).</summary>
    private sealed class Progress(List<int> into) : IProgress<int>
    {
        public void Report(int value) { lock (into) into.Add(value); }
    }
}
