using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace AssessmentScorer.Store;

/// <summary>Where the rule sets come from (the API's loaded directory).</summary>
public interface IRuleSetSource
{
    RuleSetRegistry Registry { get; }
}

/// <summary>A round's results as computed from its latest revisions (and the previous year's round).</summary>
/// <param name="RoundId">Round.</param>
/// <param name="Stamp">What it was computed from: the round's change count and the previous year's round's.</param>
/// <param name="RuleSet">The rule set scored with.</param>
/// <param name="Cohort">The cohort result (ranks, grades, aggregates), one result per subject in subject-id order.</param>
/// <param name="Submissions">The submissions scored (with previous-year values attached), in the same order.</param>
/// <param name="Scored">What each result was computed from, in the same order.</param>
public sealed record RoundSnapshot(long RoundId, string Stamp, CompiledRuleSet RuleSet, CohortResult Cohort, IReadOnlyList<Submission> Submissions,
    IReadOnlyList<ScoredFrom> Scored)
{
    private Dictionary<string, int>? _index;

    /// <summary>The position of a subject's result, or -1.</summary>
    public int IndexOf(string subjectId)
    {
        _index ??= Scored.Select((s, i) => (s.SubjectId, i)).ToDictionary(x => x.SubjectId, x => x.i, StringComparer.Ordinal);
        return _index.TryGetValue(subjectId, out var i) ? i : -1;
    }
}

/// <summary>
/// Computes rounds' results in the background when their submissions change, one computation per round at a time, and
/// keeps the latest in memory. A reader asking for results waits for the computation that covers the latest revisions;
/// <see cref="Progress"/> shows how far it is. Every instance computes from the store, so instances agree.
/// </summary>
public sealed class RoundScoring(StoreDb db, IRuleSetSource rules)
{
    private sealed class Entry
    {
        public readonly object Gate = new();
        public Task<RoundSnapshot>? Running;
        public string? RunningStamp;
        public RoundSnapshot? Last;
        public int Done, Total;
        public string? Error;
    }

    private readonly ConcurrentDictionary<long, Entry> _entries = new();

    /// <summary>The results' state: scoring (with progress), failed, or idle.</summary>
    public ScoringProgress Progress(RoundRow round)
    {
        var e = _entries.GetOrAdd(round.Id, _ => new Entry());
        lock (e.Gate)
        {
            if (e.Running is { IsCompleted: false }) return new ScoringProgress("scoring", Volatile.Read(ref e.Done), e.Total, e.Last is null ? null : ChangesOf(e.Last.Stamp));
            if (e.Error is not null) return new ScoringProgress("failed", 0, e.Total, e.Last is null ? null : ChangesOf(e.Last.Stamp), e.Error);
            if (e.Last is not null && ChangesOf(e.Last.Stamp) == round.Changes)
                return new ScoringProgress("idle", e.Last.Scored.Count, e.Last.Scored.Count, round.Changes);
            return new ScoringProgress(round.Changes == 0 ? "idle" : "pending", 0, 0, e.Last is null ? null : ChangesOf(e.Last.Stamp));
        }
    }

    private static long ChangesOf(string stamp) => long.Parse(stamp.AsSpan(0, stamp.IndexOf(':')), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Starts computing the round's results now (after a write), without waiting.</summary>
    public void Kick(long roundId) => _ = Task.Run(async () =>
    {
        try { await GetAsync(roundId, CancellationToken.None); }
        catch (Exception) { /* recorded in the entry; a reader sees it */ }
    });

    /// <summary>The round's results for its latest revisions, computing them if they are not yet.</summary>
    public async Task<RoundSnapshot> GetAsync(long roundId, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (round, prev, ceiling) = await StateAsync(roundId, ct);
            var stamp = Stamp(round, prev, ceiling);
            var e = _entries.GetOrAdd(roundId, _ => new Entry());
            Task<RoundSnapshot> task;
            lock (e.Gate)
            {
                if (e.Last is { } last && last.Stamp == stamp) return last;
                if (e.Running is { IsCompleted: false } running && e.RunningStamp == stamp) task = running;
                else if (e.Running is { IsCompleted: false } other && attempt < 1000) task = other; // wait for it, then look again
                else
                {
                    e.Error = null;
                    e.Done = 0;
                    e.RunningStamp = stamp;
                    task = e.Running = Task.Run(() => Compute(round, prev, ceiling, stamp, e), CancellationToken.None);
                }
            }
            try
            {
                var snapshot = await task.WaitAsync(ct);
                if (snapshot.Stamp == stamp) return snapshot;
            }
            catch (RoundException) { throw; }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                lock (e.Gate) e.Error = ex.Message;
                throw;
            }
        }
    }

    private static string Stamp(RoundRow round, RoundRow? prev, long? ceiling) =>
        $"{round.Changes}:{prev?.Id}:{(ceiling ?? prev?.Changes)}:{round.RuleSetDigest}";

    /// <summary>The round, the previous year's round it reads last year's values from, and the last revision id to read from it.</summary>
    private async Task<(RoundRow Round, RoundRow? Previous, long? Ceiling)> StateAsync(long roundId, CancellationToken ct)
    {
        await using var ctx = db.Open();
        var round = await ctx.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roundId, ct)
                    ?? throw RoundService.NoRound(roundId);
        if (round.State == RoundStates.Published)
        {
            var p = round.PreviousRoundId is { } pid ? await ctx.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == pid, ct) : null;
            return (round, p, round.PreviousRevisionCeiling);
        }
        return (round, await PreviousRoundAsync(ctx, round, ct), null);
    }

    /// <summary>The round of the previous year for the same scheme: a published one first, then the latest made.</summary>
    internal static Task<RoundRow?> PreviousRoundAsync(StoreContext ctx, RoundRow round, CancellationToken ct) =>
        ctx.Rounds.AsNoTracking()
            .Where(r => r.Scheme == round.Scheme && r.Year == round.Year - 1 && r.RescoreOf == null)
            .OrderByDescending(r => r.State == RoundStates.Published).ThenByDescending(r => r.Id)
            .FirstOrDefaultAsync(ct);

    /// <summary>Each subject's latest revision in a round (up to a revision id, when given).</summary>
    internal static async Task<List<RevisionRow>> LatestAsync(StoreContext ctx, long roundId, long? ceiling, CancellationToken ct)
    {
        var q = ctx.Revisions.AsNoTracking().Where(r => r.RoundId == roundId);
        if (ceiling is { } c) q = q.Where(r => r.Id <= c);
        return await q.Where(r => r.Number == q.Where(x => x.SubjectId == r.SubjectId).Max(x => x.Number))
            .OrderBy(r => r.SubjectId).ToListAsync(ct);
    }

    /// <summary>Each subject's latest revision in a round, without its content (what a new upload is compared with).</summary>
    internal static async Task<List<RevisionRow>> LatestHeadsAsync(StoreContext ctx, long roundId, CancellationToken ct)
    {
        var q = ctx.Revisions.AsNoTracking().Where(r => r.RoundId == roundId);
        return await q.Where(r => r.Number == q.Where(x => x.SubjectId == r.SubjectId).Max(x => x.Number))
            .Select(r => new RevisionRow { Id = r.Id, RoundId = r.RoundId, SubjectId = r.SubjectId, Number = r.Number, SubjectRegion = r.SubjectRegion, ContentDigest = r.ContentDigest })
            .ToListAsync(ct);
    }

    private async Task<RoundSnapshot> Compute(RoundRow round, RoundRow? prev, long? ceiling, string stamp, Entry e)
    {
        var timings = StageTimings.Start("score");
        var rs = RoundService.RuleSetOf(rules.Registry, round);
        await using var ctx = db.Open();
        var latest = await LatestAsync(ctx, round.Id, null, CancellationToken.None);
        var previous = prev is null ? new Dictionary<string, RevisionRow>(StringComparer.Ordinal)
            : (await LatestAsync(ctx, prev.Id, ceiling ?? long.MaxValue, CancellationToken.None)).ToDictionary(r => r.SubjectId, StringComparer.Ordinal);
        lock (e.Gate) e.Total = latest.Count;
        timings?.Mark("load");
        var subs = new Submission[latest.Count];
        var scored = new ScoredFrom[latest.Count];
        Parallel.For(0, latest.Count, i =>
        {
            var rev = latest[i];
            var sub = RoundService.Read(rev);
            PreviousProvenance? from = null;
            if (sub.Previous is null && previous.TryGetValue(rev.SubjectId, out var p))
            {
                var last = RoundService.Read(p);
                sub = sub with { Previous = new PreviousPeriod(last.Year, last.Values) };
                from = new PreviousProvenance(prev!.Id, p.Id, last.Year);
            }
            subs[i] = sub;
            scored[i] = new ScoredFrom(rev.SubjectId, rev.Id, rev.Number, rev.ContentDigest, from);
        });
        timings?.Mark("parse");
        var progress = new ProgressSink(e);
        var cohort = rs.ScoreCohort(subs, progress);
        timings?.Mark("cohort");
        var snapshot = new RoundSnapshot(round.Id, stamp, rs, cohort, subs, scored);
        lock (e.Gate)
        {
            e.Done = latest.Count;
            if (e.Last is null || e.RunningStamp == stamp) e.Last = snapshot;
        }
        timings?.Done($"round {round.Id}, {latest.Count} subjects");
        return snapshot;
    }

    private sealed class ProgressSink(Entry e) : IProgress<int>
    {
        public void Report(int value) => Volatile.Write(ref e.Done, value);
    }
}
