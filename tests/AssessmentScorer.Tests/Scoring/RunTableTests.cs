using AssessmentScorer.Scoring;

namespace AssessmentScorer.Tests.Scoring;

/// <summary>A cohort's runs kept in blocks of parts: every index is its own run, in the order added.</summary>
public class RunTableTests
{
    private static readonly Subject Anyone = new("h");

    [Fact]
    public void EveryIndex_IsItsOwnRun_AcrossPartsAndBlocks()
    {
        var table = new RunTable();
        table.Add(RunTable.BlockSize);
        table.Add(RunTable.BlockSize);
        table.Add(700);
        table.Count.Should().Be(2 * RunTable.BlockSize + 700);
        for (var i = 0; i < table.Count; i++)
            table[i] = new SubjectRun { Submission = null, Subject = Anyone, Year = 2024, Ctx = null!, Chunk = Array.Empty<Outcome>(), Offset = i, Count = 0 };
        for (var i = 0; i < table.Count; i++) table[i].Total += i;
        for (var i = 0; i < table.Count; i++)
        {
            table[i].Offset.Should().Be(i);
            table[i].Total.Should().Be(i);
        }
    }

    [Fact]
    public void OnlyTheLastBlock_MayBeShort()
    {
        var table = new RunTable();
        table.Add(10);
        var more = () => table.Add(10);
        more.Should().Throw<InvalidOperationException>();
        var tooBig = () => new RunTable().Add(RunTable.BlockSize + 1);
        tooBig.Should().Throw<InvalidOperationException>();
    }
}
