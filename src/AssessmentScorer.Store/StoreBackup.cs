using Microsoft.Data.Sqlite;

namespace AssessmentScorer.Store;

/// <summary>
/// Backup and restore of the SQLite store file, through SQLite's online backup: safe while the API runs (a consistent
/// copy of the last committed state, WAL included). Neither ever replaces an existing file unless told to.
/// </summary>
public static class StoreBackup
{
    /// <summary>The outcome: null when done, else what stopped it and whether it was the caller's usage (2) or the data (1).</summary>
    public sealed record Failure(int ExitCode, string Message);

    public static Failure? Backup(string store, string output, bool overwrite)
    {
        if (!File.Exists(store)) return new Failure(2, $"no store at {Path.GetFullPath(store)}");
        if (File.Exists(output) && !overwrite) return new Failure(2, $"{Path.GetFullPath(output)} exists; pass --force to replace it");
        if (Check(store) is { } bad) return new Failure(1, $"{store} is not a round store: {bad}");
        var temp = output + ".partial";
        File.Delete(temp);
        using (var from = Open(store, SqliteOpenMode.ReadOnly))
        using (var to = Open(temp, SqliteOpenMode.ReadWriteCreate))
            from.BackupDatabase(to);
        SqliteConnection.ClearAllPools();
        File.Move(temp, output, overwrite);
        return null;
    }

    public static Failure? Restore(string backup, string store, bool overwrite)
    {
        if (!File.Exists(backup)) return new Failure(2, $"no backup at {Path.GetFullPath(backup)}");
        if (File.Exists(store) && !overwrite)
            return new Failure(2, $"{Path.GetFullPath(store)} exists and would be replaced; stop the API and pass --force to restore over it");
        if (Check(backup) is { } bad) return new Failure(1, $"{backup} is not a round store backup: {bad}");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(store))!);
        using (var from = Open(backup, SqliteOpenMode.ReadOnly))
        using (var to = Open(store, SqliteOpenMode.ReadWriteCreate))
            from.BackupDatabase(to);
        SqliteConnection.ClearAllPools();
        return null;
    }

    /// <summary>Why a file is not a sound round store, or null: SQLite's integrity check and the store's tables.</summary>
    public static string? Check(string path)
    {
        try
        {
            using var c = Open(path, SqliteOpenMode.ReadOnly);
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA integrity_check";
            if (cmd.ExecuteScalar() as string is not "ok" and var r) return $"integrity check: {r}";
            cmd.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('rounds', 'revisions', 'audit', 'api_keys', '__migrations')";
            return Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 5 ? null : "it lacks the store's tables";
        }
        catch (SqliteException ex)
        {
            return ex.Message;
        }
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        c.Open();
        return c;
    }
}
