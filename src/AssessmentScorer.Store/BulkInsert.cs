using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace AssessmentScorer.Store;

/// <summary>
/// Inserts many append-only rows (revisions, audit entries) inside the caller's open transaction without the change
/// tracker: on PostgreSQL as multi-row <c>INSERT … VALUES (…), (…)</c> statements of a few hundred rows, on SQLite as
/// one prepared single-row statement run once per row. Table names, column names and parameters come from the EF Core model and the provider's
/// own type mappings, so the rows are stored exactly as <c>SaveChanges</c> would store them, on SQLite and on PostgreSQL.
/// Nothing is committed here: the caller's commit makes every row durable at once, or none.
/// </summary>
internal static class BulkInsert
{
    /// <summary>Rows per statement on PostgreSQL: well under its 65,535 parameters for these tables.</summary>
    private const int ChunkRows = 500;

    /// <summary>Inserts the revisions and returns each one's new id by its subject (an upload names each subject once).</summary>
    public static async Task<Dictionary<string, long>> RevisionsAsync(StoreContext ctx, IReadOnlyList<RevisionRow> rows, CancellationToken ct)
    {
        var ids = new Dictionary<string, long>(rows.Count, StringComparer.Ordinal);
        var table = Table.Of<RevisionRow>(ctx);
        var subject = table.Column(nameof(RevisionRow.SubjectId));
        await RunAsync(ctx, table, rows, $" RETURNING {table.Column(nameof(RevisionRow.Id))}, {subject}", async reader =>
        {
            while (await reader.ReadAsync(ct))
                if (!ids.TryAdd(reader.GetString(1), reader.GetInt64(0)))
                    throw new InvalidOperationException($"subject '{reader.GetString(1)}' was inserted twice in one upload");
        }, ct);
        if (ids.Count != rows.Count) throw new InvalidOperationException($"{rows.Count} revisions were inserted but {ids.Count} ids came back");
        return ids;
    }

    /// <summary>Inserts audit entries (their ids are not needed by the caller).</summary>
    public static Task AuditAsync(StoreContext ctx, IReadOnlyList<AuditRow> rows, CancellationToken ct) =>
        RunAsync(ctx, Table.Of<AuditRow>(ctx), rows, "", null, ct);

    private static async Task RunAsync<T>(StoreContext ctx, Table table, IReadOnlyList<T> rows, string returning, Func<DbDataReader, Task>? read, CancellationToken ct)
        where T : class
    {
        var tx = ctx.Database.CurrentTransaction?.GetDbTransaction()
                 ?? throw new InvalidOperationException("bulk inserts run inside the caller's transaction");
        // SQLite binds each parameter by looking its name up among the command's: a statement of thousands of parameters
        // costs the square of that. In process, one prepared single-row statement run again per row is fast; PostgreSQL
        // takes a few hundred rows per statement (one round trip each).
        var chunk = ctx is SqliteStoreContext ? 1 : ChunkRows;
        await using var cmd = tx.Connection!.CreateCommand();
        cmd.Transaction = tx;
        for (var start = 0; start < rows.Count; start += chunk)
        {
            var count = Math.Min(chunk, rows.Count - start);
            var sql = table.Sql(count) + returning;
            if (cmd.CommandText != sql) cmd.CommandText = sql;
            cmd.Parameters.Clear();
            var n = 0;
            for (var r = start; r < start + count; r++)
                foreach (var (property, mapping, name) in table.Properties)
                    cmd.Parameters.Add(mapping.CreateParameter(cmd, count == 1 ? name : "@p" + (n++).ToString(CultureInfo.InvariantCulture),
                        property.GetGetter().GetClrValueUsingContainingEntity(rows[r]), property.IsNullable));
            if (read is null) await cmd.ExecuteNonQueryAsync(ct);
            else
            {
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                await read(reader);
            }
        }
    }

    /// <summary>A table's name and its columns other than the generated id, as the model maps them.</summary>
    private sealed class Table
    {
        private readonly string _head;
        private readonly Dictionary<string, string> _columns = new(StringComparer.Ordinal);

        private Table(IEntityType entity, ISqlGenerationHelper sql)
        {
            var store = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            foreach (var p in entity.GetProperties())
            {
                var column = sql.DelimitIdentifier(p.GetColumnName(store)!);
                _columns[p.Name] = column;
                if (p.ValueGenerated == ValueGenerated.OnAdd) continue;
                Properties.Add((p, p.GetRelationalTypeMapping(), "@p" + Properties.Count.ToString(CultureInfo.InvariantCulture)));
            }
            _head = $"INSERT INTO {sql.DelimitIdentifier(store.Name, store.Schema)} ({string.Join(", ", Properties.Select(p => _columns[p.Property.Name]))}) VALUES ";
        }

        /// <summary>The columns written, each with the provider's type mapping and its parameter's name in a single-row statement.</summary>
        public List<(IProperty Property, RelationalTypeMapping Mapping, string Name)> Properties { get; } = new();

        public static Table Of<T>(StoreContext ctx) =>
            new(ctx.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model"),
                ctx.GetService<ISqlGenerationHelper>());

        public string Column(string property) => _columns[property];

        private (int Rows, string Sql) _last;

        public string Sql(int rows)
        {
            if (_last.Rows == rows) return _last.Sql;
            var sb = new StringBuilder(_head, _head.Length + rows * Properties.Count * 8);
            var n = 0;
            for (var r = 0; r < rows; r++)
            {
                sb.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < Properties.Count; c++)
                {
                    if (c > 0) sb.Append(", ");
                    sb.Append("@p").Append(n++);
                }
                sb.Append(')');
            }
            _last = (rows, sb.ToString());
            return _last.Sql;
        }
    }
}
