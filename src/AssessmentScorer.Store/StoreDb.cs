using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AssessmentScorer.Store;

/// <summary>
/// Opens the store on the configured provider. SQLite runs in WAL mode with <c>synchronous=FULL</c>: a transaction is on
/// disk when its commit returns, so a submission answered 2xx survives the process being killed (and a power cut).
/// </summary>
public sealed class StoreDb
{
    private readonly DbContextOptions<SqliteStoreContext>? _sqlite;
    private readonly DbContextOptions<PostgresStoreContext>? _postgres;

    public StoreDb(StoreOptions options)
    {
        Options = options;
        if (options.IsPostgres)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
                throw new InvalidOperationException("AssessmentScorer:Store:Provider is postgres but AssessmentScorer:Store:ConnectionString is not set.");
            _postgres = new DbContextOptionsBuilder<PostgresStoreContext>()
                .UseNpgsql(options.ConnectionString, o => o.MigrationsHistoryTable("__migrations"))
                .Options;
        }
        else
        {
            var path = System.IO.Path.GetFullPath(options.Path);
            SqlitePath = path;
            _sqlite = new DbContextOptionsBuilder<SqliteStoreContext>()
                .UseSqlite(SqliteConnectionString(path), o => o.MigrationsHistoryTable("__migrations"))
                .AddInterceptors(new SqlitePragmas())
                .Options;
        }
    }

    public StoreOptions Options { get; }

    /// <summary>The SQLite file's full path (null on PostgreSQL).</summary>
    public string? SqlitePath { get; }

    public string ProviderName => Options.IsPostgres ? "postgres" : "sqlite";

    public static string SqliteConnectionString(string path) =>
        new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 60 }.ToString();

    public StoreContext Open() => _postgres is not null ? new PostgresStoreContext(_postgres) : new SqliteStoreContext(_sqlite!);

    /// <summary>Makes the database (and the SQLite file's folder) and applies every migration not yet applied.</summary>
    public void Migrate()
    {
        if (SqlitePath is not null) Directory.CreateDirectory(System.IO.Path.GetDirectoryName(SqlitePath)!);
        using var ctx = Open();
        ctx.Database.Migrate();
        if (SqlitePath is not null) ctx.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
    }

    /// <summary>Whether a save or an insert failed on a unique index (two writers numbering the same revision).</summary>
    public static bool IsUniqueViolation(Exception ex) => (ex is DbUpdateException ? ex.InnerException : ex) switch
    {
        SqliteException s => s.SqliteErrorCode == 19, // SQLITE_CONSTRAINT
        Npgsql.PostgresException p => p.SqlState == "23505",
        _ => false,
    };

    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(DbConnection connection)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=60000;";
            cmd.ExecuteNonQuery();
        }
    }
}
