using System.Net.Http.Json;
using System.Text.Json;
using AssessmentScorer.Api.Tests.Contract;
using AssessmentScorer.Store;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentScorer.Api.Tests.Rounds;

/// <summary>A clock that says what the test tells it (audit times are then exact).</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// The API with a store of its own: a fresh SQLite file in a temporary folder, or (provider "postgres") a fresh database
/// on the server named by ASSESSMENT_SCORER_POSTGRES (a connection string). Every answer is checked against the OpenAPI document.
/// </summary>
public sealed class RoundsFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789";
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public RoundsFactory(string provider = "sqlite", Action<IDictionary<string, string?>>? settings = null, bool checkContract = true)
    {
        _checkContract = checkContract;
        Provider = provider;
        Folder = Directory.CreateTempSubdirectory("as-rounds-").FullName;
        Settings["AssessmentScorer:RuleSetsPath"] = Repo.RuleSets;
        Settings["AssessmentScorer:Operations:PermitsPerWindow"] = "0";
        Settings["AssessmentScorer:Store:AdminKey"] = AdminKey;
        if (provider == "postgres")
        {
            Settings["AssessmentScorer:Store:Provider"] = "postgres";
            Settings["AssessmentScorer:Store:ConnectionString"] = PostgresServer.NewDatabase();
        }
        else Settings["AssessmentScorer:Store:Path"] = Path.Combine(Folder, "store.db");
        settings?.Invoke(Settings);
    }

    private readonly bool _checkContract;

    public string Provider { get; }
    public string Folder { get; }
    public Dictionary<string, string?> Settings { get; } = new();
    public FixedClock Clock { get; } = new(Start);

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        // A host configured otherwise than the document describes (a key for the scoring endpoints) is not checked against it.
        if (_checkContract) builder.CheckContract();
        foreach (var (k, v) in Settings) builder.UseSetting(k, v);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }

    public HttpClient As(string? key)
    {
        var http = CreateClient();
        if (key is not null) http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }

    public HttpClient Admin() => As(AdminKey);

    public async Task<string> KeyAsync(string role, string name, string? region = null, string? subjectId = null)
    {
        var res = await Admin().PostAsJsonAsync("/keys", new { role, name, region, subjectId });
        res.EnsureSuccessStatusCode();
        return (await res.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    public async Task<long> RoundAsync(string scheme = "cn.sichuan.leshan.shizhong.high-quality", int year = 2025, string? version = null, string? region = null, string name = "乐山市中区 2025")
    {
        var res = await Admin().PostAsJsonAsync("/rounds", new { scheme, version, year, name, region });
        res.EnsureSuccessStatusCode();
        return (await res.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// The PostgreSQL server the store tests also run against: ASSESSMENT_SCORER_POSTGRES names it (a connection string to a
/// database the tests may create databases from). .ci/run starts one and sets ASSESSMENT_SCORER_REQUIRE_POSTGRES=1, and
/// then a missing server fails the tests; elsewhere they are skipped.
/// </summary>
public static class PostgresServer
{
    public static string? ConnectionString => Environment.GetEnvironmentVariable("ASSESSMENT_SCORER_POSTGRES") is { Length: > 0 } s ? s : null;
    public static bool Required => Environment.GetEnvironmentVariable("ASSESSMENT_SCORER_REQUIRE_POSTGRES") == "1";

    /// <summary>The providers to run a store test on: SQLite always, PostgreSQL when a server is given or required.</summary>
    public static TheoryData<string> Providers()
    {
        var data = new TheoryData<string> { "sqlite" };
        if (ConnectionString is not null || Required) data.Add("postgres");
        return data;
    }

    private static int _n;

    public static string NewDatabase()
    {
        var cs = ConnectionString ?? throw new InvalidOperationException(
            "ASSESSMENT_SCORER_REQUIRE_POSTGRES=1 but ASSESSMENT_SCORER_POSTGRES (a connection string) is not set: the PostgreSQL store tests cannot run.");
        var name = $"as_test_{Environment.ProcessId}_{Interlocked.Increment(ref _n)}_{Guid.NewGuid():N}"[..40];
        using var conn = new Npgsql.NpgsqlConnection(cs);
        conn.Open();
        using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = $"CREATE DATABASE \"{name}\"";
            cmd.ExecuteNonQuery();
        }
        return new Npgsql.NpgsqlConnectionStringBuilder(cs) { Database = name }.ToString();
    }
}
