namespace AssessmentScorer.Cli.Tests;

/// <summary>
/// --out: never one of the command's own inputs (the input would be lost), never a folder, a clear error rather than a
/// crash when it cannot be written, and written whole or not at all (the file that was there survives a failed write).
/// </summary>
public sealed class OutputFileTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("as-out-");

    public void Dispose() => _dir.Delete(true);

    private string P(string name) => Path.Combine(_dir.FullName, name);

    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(["--rulesets", Repo.RuleSets, .. args]);

    private const string Demo = "cn.demo.hospital-basics@1.0.0";

    private string Input()
    {
        var path = P("in.json");
        File.Copy(Repo.At("examples/demo/tertiary-hospital.json"), path, overwrite: true);
        return path;
    }

    private string[] LeftBehind() => _dir.GetFiles(".*.tmp", SearchOption.AllDirectories).Select(f => f.Name).ToArray();

    [Theory]
    [InlineData("json")]
    [InlineData("csv")]
    [InlineData("xlsx")]
    [InlineData("table")]
    public void Score_refuses_to_write_over_its_own_input(string format)
    {
        var input = Input();
        var before = File.ReadAllBytes(input);
        var (code, _, err) = Run("score", "-r", Demo, "--format", format, "--out", input, input);
        code.Should().Be(2);
        err.Should().Contain("是输入文件").And.Contain("would replace it").And.Contain(input);
        File.ReadAllBytes(input).Should().Equal(before, "the input is untouched");
    }

    [Fact]
    public void The_same_file_is_found_however_it_is_named_and_through_a_link()
    {
        var input = Input();
        var before = File.ReadAllBytes(input);
        Directory.CreateDirectory(P("sub"));
        var roundabout = Path.Combine(_dir.FullName, "sub", "..", "in.json");
        Run("score", "-r", Demo, "--format", "json", "--out", roundabout, input).Code.Should().Be(2);
        if (!OperatingSystem.IsWindows())
        {
            File.CreateSymbolicLink(P("link.json"), input);
            var (code, _, err) = Run("score", "-r", Demo, "--format", "json", "--out", input, P("link.json"));
            code.Should().Be(2);
            err.Should().Contain("link.json");
        }
        Run("score", "-r", Demo, "--format", "json", "--previous", input, "--out", input, Repo.At("examples/demo/tertiary-hospital.json"))
            .Code.Should().Be(2, "last year's data is an input too");
        File.ReadAllBytes(input).Should().Equal(before);
    }

    [Fact]
    public void A_folder_or_a_path_that_cannot_be_made_is_a_clear_error_not_a_crash()
    {
        var input = Input();
        var (code, _, err) = Run("score", "-r", Demo, "--format", "csv", "--out", _dir.FullName, input);
        code.Should().Be(2);
        err.Should().Contain("是一个文件夹 is a folder").And.NotContain("   at ");

        File.WriteAllText(P("plain.txt"), "a file, not a folder");
        (code, _, err) = Run("score", "-r", Demo, "--format", "xlsx", "--out", Path.Combine(P("plain.txt"), "r.xlsx"), input);
        code.Should().Be(2);
        err.Should().Contain("无法写入 cannot write").And.NotContain("   at ");
        File.ReadAllText(P("plain.txt")).Should().Be("a file, not a folder");
        LeftBehind().Should().BeEmpty();
    }

    [Fact]
    public void An_existing_output_is_replaced_whole_and_nothing_is_left_beside_it()
    {
        var input = Input();
        File.WriteAllText(P("r.json"), new string('x', 1_000_000));
        var (code, stdout, err) = Run("score", "-r", Demo, "--format", "json", input);
        code.Should().BeOneOf([0, 3], err);
        Run("score", "-r", Demo, "--format", "json", "--out", P("r.json"), input).Err.Should().Contain($"wrote {P("r.json")}");
        File.ReadAllText(P("r.json")).Should().Be(stdout, "the file holds exactly what standard output gets");
        LeftBehind().Should().BeEmpty();
    }

    [Fact]
    public void A_write_that_fails_part_way_leaves_the_previous_file_as_it_was()
    {
        File.WriteAllText(P("r.csv"), "last year's results");
        var err = new StringWriter();
        var ok = OutputFile.TryWrite(P("r.csv"), s =>
        {
            s.Write(new byte[100_000]);
            throw new IOException("disk full");
        }, err);
        ok.Should().BeFalse();
        err.ToString().Should().Contain("无法写入 cannot write").And.Contain("disk full");
        File.ReadAllText(P("r.csv")).Should().Be("last year's results");
        LeftBehind().Should().BeEmpty();
    }

    [Fact]
    public void Compare_diff_and_sensitivity_write_to_the_file_exactly_what_they_print()
    {
        var cohort = Repo.At("examples/qiaocheng/cohort.json");
        const string Qc = "cn.anhui.bozhou.qiaocheng.high-quality";
        var draft = Repo.At("docs/authoring/1.1.0.yaml");
        string[][] commands =
        [
            ["compare", "-r", Qc, "--against", draft, cohort],
            ["diff", $"{Qc}@1.0.0", draft],
            ["sensitivity", "-r", Qc, "--draws", "50", cohort],
            ["sensitivity", "-r", Qc, "--draws", "50", "--format", "json", cohort],
        ];
        foreach (var command in commands)
        {
            var (code, printed, err) = Run(command);
            code.Should().BeOneOf([0, 1], err);   // compare: 1 when it found data problems, which its report lists first
            printed.Should().NotBeEmpty();
            var path = P($"{command[0]}.out");
            File.Delete(path);
            var written = Run([command[0], "--out", path, .. command[1..]]);
            written.Code.Should().Be(code, written.Err);
            written.Out.Should().BeEmpty("the output went to the file");
            written.Err.Should().Contain($"wrote {path}");
            File.ReadAllText(path).Should().Be(printed, string.Join(' ', command));
        }
        var input = Input();
        var before = File.ReadAllBytes(input);
        Run("sensitivity", "-r", Demo, "--draws", "10", "--out", input, input).Code.Should().Be(2);
        Run("compare", "-r", Demo, "--against", Demo, "-o", input, input).Code.Should().Be(2);
        File.ReadAllBytes(input).Should().Equal(before);
        var copy = P("draft.yaml");
        File.Copy(draft, copy);
        Run("diff", "-o", copy, $"{Qc}@1.0.0", copy).Code.Should().Be(2);
        File.ReadAllBytes(copy).Should().Equal(File.ReadAllBytes(draft));
        Run("sensitivity", "-r", Demo, "--draws", "0", "--out", P("none.txt"), input).Code.Should().Be(2);
        File.WriteAllText(P("empty.csv"), "");
        Run("compare", "-r", Demo, "--against", Demo, "--out", P("none.txt"), P("empty.csv")).Code.Should().Be(1);
        File.Exists(P("none.txt")).Should().BeFalse("nothing is written when the command fails or has nothing to print");
    }

    [Fact]
    public void Template_and_apply_refuse_to_write_over_the_rule_file_or_rules_assembly_they_read()
    {
        var draft = P("draft.yaml");
        File.Copy(Path.Combine(Repo.RuleSets, "demo", "hospital-basics", "1.0.0.yaml"), draft);
        var before = File.ReadAllBytes(draft);
        var (code, _, err) = Run("template", "-r", draft, "--format", "csv", "--out", draft);
        code.Should().Be(2);
        err.Should().Contain("是输入文件");
        File.ReadAllBytes(draft).Should().Equal(before);
        Run("template", "-r", draft, "--format", "csv", "--out", P("t.csv")).Code.Should().Be(0);
        File.ReadAllText(P("t.csv")).Should().Contain("机构编码");

        var pack = P("pack.dll");
        File.Copy(typeof(AssessmentScorer.Examples.RulePack.GradeBelowBRectification).Assembly.Location, pack);
        var packBytes = File.ReadAllBytes(pack);
        (code, _, err) = Run("apply", "--rules", pack, "-r", "cn.anhui.bozhou.qiaocheng.high-quality", "--format", "json", "--out", pack,
            Repo.At("examples/qiaocheng/cohort.json"));
        code.Should().Be(2);
        err.Should().Contain("是输入文件");
        File.ReadAllBytes(pack).Should().Equal(packBytes);
    }
}
