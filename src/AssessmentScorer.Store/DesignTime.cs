using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AssessmentScorer.Store;

/// <summary>For <c>dotnet ef migrations add NAME --context SqliteStoreContext --output-dir Migrations/Sqlite</c>.</summary>
internal sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteStoreContext>
{
    public SqliteStoreContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteStoreContext>().UseSqlite("Data Source=design.db", o => o.MigrationsHistoryTable("__migrations")).Options);
}

/// <summary>For <c>dotnet ef migrations add NAME --context PostgresStoreContext --output-dir Migrations/Postgres</c> (no server needed).</summary>
internal sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresStoreContext>
{
    public PostgresStoreContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresStoreContext>().UseNpgsql("Host=localhost;Database=design", o => o.MigrationsHistoryTable("__migrations")).Options);
}
