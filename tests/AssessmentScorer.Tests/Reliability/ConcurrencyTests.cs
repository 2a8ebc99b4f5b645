using System.Collections.Concurrent;

namespace AssessmentScorer.Tests.Reliability;

/// <summary>Compiled rule sets are shared by every request: thousands of parallel scorings give exactly the sequential bytes.</summary>
public class ConcurrencyTests
{
    [Fact]
    public void Score_4000InParallel_SameAndDifferentRuleSets_ByteIdenticalToSequential()
    {
        var registry = RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry;
        var items = Workload.Items;
        var expected = items.Select(i => Workload.Score(registry, i)).ToArray();
        var mismatches = new ConcurrentBag<string>();

        Parallel.For(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 16 }, n =>
        {
            // Runs of the same item land on different threads at once; neighbouring n use different rule sets.
            var k = n % items.Count;
            var actual = Workload.Score(registry, items[k]);
            if (actual != expected[k]) mismatches.Add(items[k].Name);
        });

        items.Select(i => i.Reference).Distinct().Count().Should().BeGreaterThan(8, "the workload covers most bundled rule sets");
        mismatches.Should().BeEmpty();
    }

    [Fact]
    public void Score_SameSubmissionOnManyThreadsAtOnce_ByteIdentical()
    {
        var registry = RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry;
        var item = Workload.Items.First(i => i.Cohort);
        var expected = Workload.Score(registry, item);
        using var start = new ManualResetEventSlim();
        var results = new ConcurrentBag<string>();
        var threads = Enumerable.Range(0, 32).Select(_ => new Thread(() =>
        {
            start.Wait();
            for (var i = 0; i < 20; i++) results.Add(Workload.Score(registry, item));
        })).ToList();
        threads.ForEach(t => t.Start());
        start.Set();
        threads.ForEach(t => t.Join());

        results.Should().HaveCount(640).And.OnlyContain(r => r == expected);
    }
}
