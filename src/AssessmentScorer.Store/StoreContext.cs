using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace AssessmentScorer.Store;

/// <summary>
/// The store. One model for both providers; each provider has its own context type only so that each has its own
/// migrations (Migrations/Sqlite, Migrations/Postgres). Revisions and audit entries are append-only: this context refuses
/// to update or delete them, and the migrations add database triggers that refuse it too.
/// </summary>
public abstract class StoreContext : DbContext
{
    protected StoreContext(DbContextOptions options) : base(options) { }

    public DbSet<RoundRow> Rounds => Set<RoundRow>();
    public DbSet<RevisionRow> Revisions => Set<RevisionRow>();
    public DbSet<ApiKeyRow> Keys => Set<ApiKeyRow>();
    public DbSet<AuditRow> Audit => Set<AuditRow>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<RoundRow>(e =>
        {
            e.ToTable("rounds");
            e.HasKey(x => x.Id);
            e.Property(x => x.Scheme).HasMaxLength(200).IsRequired();
            e.Property(x => x.Version).HasMaxLength(100).IsRequired();
            e.Property(x => x.Name).HasMaxLength(400).IsRequired();
            e.Property(x => x.Region).HasMaxLength(200);
            e.Property(x => x.State).HasMaxLength(20).IsRequired();
            e.Property(x => x.RuleSetDigest).HasMaxLength(64).IsRequired();
            e.Property(x => x.CreatedBy).HasMaxLength(200).IsRequired();
            e.HasIndex(x => new { x.Scheme, x.Year });
        });
        b.Entity<RevisionRow>(e =>
        {
            e.ToTable("revisions");
            e.HasKey(x => x.Id);
            e.Property(x => x.SubjectId).HasMaxLength(200).IsRequired();
            e.Property(x => x.SubjectRegion).HasMaxLength(200);
            e.Property(x => x.Content).IsRequired();
            e.Property(x => x.ContentDigest).HasMaxLength(64).IsRequired();
            e.Property(x => x.Author).HasMaxLength(200).IsRequired();
            e.Property(x => x.Reason).HasMaxLength(2000);
            e.Property(x => x.Source).HasMaxLength(200).IsRequired();
            // Two corrections of one subject at once cannot both become revision n: the second is numbered again.
            e.HasIndex(x => new { x.RoundId, x.SubjectId, x.Number }).IsUnique();
            e.HasOne<RoundRow>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<ApiKeyRow>(e =>
        {
            e.ToTable("api_keys");
            e.HasKey(x => x.Id);
            e.Property(x => x.Name).HasMaxLength(200).IsRequired();
            e.Property(x => x.Role).HasMaxLength(20).IsRequired();
            e.Property(x => x.Region).HasMaxLength(200);
            e.Property(x => x.SubjectId).HasMaxLength(200);
            e.Property(x => x.Hash).HasMaxLength(64).IsRequired();
            e.Property(x => x.Prefix).HasMaxLength(16).IsRequired();
            e.Property(x => x.CreatedBy).HasMaxLength(200).IsRequired();
            e.HasIndex(x => x.Hash).IsUnique();
        });
        b.Entity<AuditRow>(e =>
        {
            e.ToTable("audit");
            e.HasKey(x => x.Id);
            e.Property(x => x.Actor).HasMaxLength(200).IsRequired();
            e.Property(x => x.Action).HasMaxLength(50).IsRequired();
            e.Property(x => x.SubjectId).HasMaxLength(200);
            e.Property(x => x.Before).HasMaxLength(64);
            e.Property(x => x.After).HasMaxLength(64);
            e.Property(x => x.Detail).HasMaxLength(2000);
            e.HasIndex(x => new { x.RoundId, x.SubjectId });
        });
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefuseRewrites();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseRewrites();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void RefuseRewrites()
    {
        foreach (EntityEntry e in ChangeTracker.Entries())
            if (e.Entity is RevisionRow or AuditRow && e.State is EntityState.Modified or EntityState.Deleted)
                throw new InvalidOperationException($"{e.Entity.GetType().Name} is append-only: it is never updated or deleted.");
    }
}

/// <summary>The store on SQLite (the default: one file under ./data/).</summary>
public sealed class SqliteStoreContext(DbContextOptions<SqliteStoreContext> options) : StoreContext(options);

/// <summary>The store on PostgreSQL (several API instances behind a load balancer).</summary>
public sealed class PostgresStoreContext(DbContextOptions<PostgresStoreContext> options) : StoreContext(options);
