using System.Globalization;

namespace AssessmentScorer.Tests.Reliability;

[CollectionDefinition("process-wide settings", DisableParallelization = true)]
public sealed class ProcessWideSettings;

/// <summary>Loading and scoring give the same bytes whatever the culture, the time zone or the run.</summary>
[Collection("process-wide settings")]
public class DeterminismTests
{
    private static readonly Lazy<(string[] Digests, string[] Results)> Baseline = new(() => Run(CultureInfo.InvariantCulture));

    private static (string[] Digests, string[] Results) Run(CultureInfo culture) => Cultures.With(culture, () =>
    {
        var load = RuleSetRegistry.LoadDirectory(Repo.RuleSets);
        load.Success.Should().BeTrue();
        var digests = load.Registry.All.Select(r => $"{r.Scheme}@{r.Version} {r.Digest}").ToArray();
        // Wrong values too: their problem messages print numbers, so they must not use the culture either.
        return (digests, Workload.Items.Select(i => Workload.Score(load.Registry, i)).ToArray());
    });

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en-US")]
    [InlineData("tr-TR")]
    [InlineData("de-DE")]
    [InlineData("ar-SA")]
    [InlineData("th-TH")]
    [InlineData("fa-IR")]
    [InlineData("hi-IN")]
    public void LoadAndScore_Culture_ByteIdenticalToInvariant(string name)
    {
        var (digests, results) = Run(CultureInfo.GetCultureInfo(name));

        digests.Should().Equal(Baseline.Value.Digests);
        for (var i = 0; i < results.Length; i++)
            results[i].Should().Be(Baseline.Value.Results[i], $"{Workload.Items[i].Name} under {name}");
    }

    [Theory]
    [InlineData("Asia/Shanghai")]
    [InlineData("America/Los_Angeles")]
    [InlineData("Pacific/Kiritimati")]
    [InlineData("Etc/GMT+12")]
    [InlineData("UTC")]
    public void LoadAndScore_TimeZone_ByteIdentical(string zone)
    {
        var before = Environment.GetEnvironmentVariable("TZ");
        Environment.SetEnvironmentVariable("TZ", zone);
        TimeZoneInfo.ClearCachedData();
        try
        {
            // Where the zone database has the zone, the process really is in it now.
            if ((OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
                TimeZoneInfo.Local.Id.Should().Be(zone);
            var (digests, results) = Run(CultureInfo.InvariantCulture);

            digests.Should().Equal(Baseline.Value.Digests);
            results.Should().Equal(Baseline.Value.Results);
        }
        finally
        {
            Environment.SetEnvironmentVariable("TZ", before);
            TimeZoneInfo.ClearCachedData();
        }
    }

    [Fact]
    public void LoadAndScore_TwoIndependentLoads_ByteIdentical()
    {
        var again = Run(CultureInfo.InvariantCulture);

        again.Digests.Should().Equal(Baseline.Value.Digests);
        again.Results.Should().Equal(Baseline.Value.Results);
    }
}
