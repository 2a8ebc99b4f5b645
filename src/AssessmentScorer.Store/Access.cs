using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace AssessmentScorer.Store;

/// <summary>The roles a key can have.</summary>
public static class Roles
{
    public const string Admin = "admin", Assessor = "assessor", Hospital = "hospital";
    public static readonly string[] All = { Admin, Assessor, Hospital };
}

/// <summary>Who is calling: the key's role and scope.</summary>
/// <param name="Role">admin, assessor or hospital.</param>
/// <param name="Name">The key's name, as the audit records it.</param>
/// <param name="KeyId">The key's id (null for the admin key from configuration).</param>
/// <param name="Region">An assessor's region.</param>
/// <param name="SubjectId">A hospital's subject.</param>
public sealed record Caller(string Role, string Name, long? KeyId, string? Region, string? SubjectId)
{
    public bool IsAdmin => Role == Roles.Admin;

    /// <summary>Whether a region path lies within another: equal, or below it (<c>CN-SC/leshan</c> holds <c>CN-SC/leshan/shizhong</c>).</summary>
    public static bool Within(string? region, string? scope) =>
        region is not null && scope is not null &&
        (string.Equals(region, scope, StringComparison.Ordinal) || region.StartsWith(scope.TrimEnd('/') + "/", StringComparison.Ordinal));

    /// <summary>Whether this caller may see the round at all (an assessor: a national round, or one whose region meets theirs).</summary>
    public bool SeesRound(RoundRow round) => Role switch
    {
        Roles.Admin or Roles.Hospital => true,
        _ => round.Region is null || Within(round.Region, Region) || Within(Region, round.Region),
    };

    /// <summary>Whether this caller may read and write this subject's submissions and results.</summary>
    public bool SeesSubject(string subjectId, string? subjectRegion) => Role switch
    {
        Roles.Admin => true,
        Roles.Hospital => string.Equals(subjectId, SubjectId, StringComparison.Ordinal),
        _ => Within(subjectRegion, Region),
    };
}

/// <summary>API keys: made random, shown once, stored as their SHA-256 hash; the first admin key comes from configuration.</summary>
public sealed class KeyService(StoreDb db, StoreOptions options, TimeProvider clock)
{
    /// <summary>The caller a key names, or null when the key is missing, unknown or revoked.</summary>
    public async Task<Caller?> AuthenticateAsync(string? key, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 200) return null;
        var hash = Hash(key);
        if (options.AdminKey is { Length: >= 16 } admin &&
            CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hash), Encoding.ASCII.GetBytes(Hash(admin))))
            return new Caller(Roles.Admin, "admin (configuration)", null, null, null);
        await using var ctx = db.Open();
        var row = await ctx.Keys.AsNoTracking().FirstOrDefaultAsync(k => k.Hash == hash, ct);
        return row is null || row.RevokedAt is not null ? null : new Caller(row.Role, row.Name, row.Id, row.Region, row.SubjectId);
    }

    public async Task<CreatedKey> CreateAsync(Caller caller, CreateKeyRequest? request, CancellationToken ct = default)
    {
        RoundService.RequireAdmin(caller);
        var errors = new List<RoundError>();
        var role = request?.Role?.Trim().ToLowerInvariant();
        if (role is null || !Roles.All.Contains(role)) errors.Add(new RoundError("AS5604", "role must be admin, assessor or hospital", "role"));
        var name = request?.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200) errors.Add(new RoundError("AS5604", "name is required (at most 200 characters)", "name"));
        if (role == Roles.Assessor && string.IsNullOrWhiteSpace(request?.Region)) errors.Add(new RoundError("AS5604", "an assessor key needs the region it works in", "region"));
        if (role == Roles.Hospital && string.IsNullOrWhiteSpace(request?.SubjectId)) errors.Add(new RoundError("AS5604", "a hospital key needs its subjectId", "subjectId"));
        if (role == Roles.Hospital && request?.Region is not null) errors.Add(new RoundError("AS5604", "a hospital key has a subjectId, not a region", "region"));
        if (role == Roles.Assessor && request?.SubjectId is not null) errors.Add(new RoundError("AS5604", "an assessor key has a region, not a subjectId", "subjectId"));
        if (errors.Count > 0) throw RoundService.Invalid(errors);
        var key = "ask_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var row = new ApiKeyRow
        {
            Name = name!, Role = role!, Region = role == Roles.Assessor ? request!.Region!.Trim() : null,
            SubjectId = role == Roles.Hospital ? request!.SubjectId!.Trim() : null,
            Hash = Hash(key), Prefix = key[..10], CreatedAt = clock.GetUtcNow(), CreatedBy = caller.Name,
        };
        await using var ctx = db.Open();
        await using var tx = await ctx.Database.BeginTransactionAsync(ct);
        ctx.Keys.Add(row);
        await ctx.SaveChangesAsync(ct);
        ctx.Audit.Add(new AuditRow { At = row.CreatedAt, Actor = caller.Name, Action = "key.created", After = row.Prefix, Detail = $"key {row.Id} role {row.Role} name {row.Name}" });
        await ctx.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new CreatedKey(key, View(row));
    }

    public async Task<IReadOnlyList<KeyView>> ListAsync(Caller caller, CancellationToken ct = default)
    {
        RoundService.RequireAdmin(caller);
        await using var ctx = db.Open();
        return (await ctx.Keys.AsNoTracking().OrderBy(k => k.Id).ToListAsync(ct)).Select(View).ToList();
    }

    public async Task<KeyView> RevokeAsync(Caller caller, long id, CancellationToken ct = default)
    {
        RoundService.RequireAdmin(caller);
        await using var ctx = db.Open();
        await using var tx = await ctx.Database.BeginTransactionAsync(ct);
        var row = await ctx.Keys.FirstOrDefaultAsync(k => k.Id == id, ct)
                  ?? throw new RoundException(404, "AS5019", "Not found", $"There is no key {id}; GET /keys lists them.");
        if (row.RevokedAt is null)
        {
            row.RevokedAt = clock.GetUtcNow();
            ctx.Audit.Add(new AuditRow { At = row.RevokedAt.Value, Actor = caller.Name, Action = "key.revoked", Before = row.Prefix, Detail = $"key {row.Id} role {row.Role} name {row.Name}" });
            await ctx.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return View(row);
    }

    internal static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static KeyView View(ApiKeyRow k) => new(k.Id, k.Name, k.Role, k.Region, k.SubjectId, k.Prefix, k.CreatedAt, k.CreatedBy, k.RevokedAt);
}
