using AssessmentScorer.Store;
using FluentAssertions;
using Microsoft.Data.Sqlite;
using Xunit;

namespace AssessmentScorer.Cli.Tests;

/// <summary><c>store backup|restore</c>: a consistent copy of the round store; nothing replaced without --force.</summary>
public sealed class StoreCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("as-store-cli-").FullName;

    private string At(string name) => Path.Combine(_dir, name);

    private string MakeStore(string name, string roundName)
    {
        var db = new StoreDb(new StoreOptions { Path = At(name) });
        db.Migrate();
        using var ctx = db.Open();
        ctx.Rounds.Add(new RoundRow { Scheme = "cn.demo.hospital-basics", Version = "1.0.0", Year = 2025, Name = roundName, RuleSetDigest = "d", CreatedBy = "t", CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) });
        ctx.SaveChanges();
        return At(name);
    }

    private static string RoundName(string store)
    {
        SqliteConnection.ClearAllPools();
        using var c = new SqliteConnection($"Data Source={store};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT \"Name\" FROM rounds";
        return (string)cmd.ExecuteScalar()!;
    }

    [Fact]
    public void Backup_CopiesTheStore_AndNeverReplacesAFileWithoutForce()
    {
        var store = MakeStore("store.db", "甲");
        var (code, stdout, _) = CliRunner.Run("store", "backup", "--store", store, At("backup.db"));
        code.Should().Be(0, stdout);
        RoundName(At("backup.db")).Should().Be("甲");

        var before = File.ReadAllBytes(At("backup.db"));
        var again = CliRunner.Run("store", "backup", "--store", store, At("backup.db"));
        again.Code.Should().Be(2);
        again.Err.Should().Contain("exists").And.Contain("--force");
        File.ReadAllBytes(At("backup.db")).Should().Equal(before);
        CliRunner.Run("store", "backup", "--store", store, "--force", At("backup.db")).Code.Should().Be(0);
    }

    [Fact]
    public void Restore_NeverOverwritesWithoutForce_AndRefusesAFileThatIsNotAStore()
    {
        var backup = MakeStore("backup.db", "备份");
        var live = MakeStore("live.db", "现用");
        var refused = CliRunner.Run("store", "restore", "--store", live, backup);
        refused.Code.Should().Be(2);
        refused.Err.Should().Contain("--force");
        RoundName(live).Should().Be("现用");

        CliRunner.Run("store", "restore", "--store", At("new/fresh.db"), backup).Code.Should().Be(0);
        RoundName(At("new/fresh.db")).Should().Be("备份");
        CliRunner.Run("store", "restore", "--store", live, "--force", backup).Code.Should().Be(0);
        RoundName(live).Should().Be("备份");

        File.WriteAllText(At("not-a-store.db"), "hello");
        var bad = CliRunner.Run("store", "restore", "--store", At("other.db"), At("not-a-store.db"));
        bad.Code.Should().Be(1);
        File.Exists(At("other.db")).Should().BeFalse();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
