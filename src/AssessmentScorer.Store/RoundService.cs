using System.Globalization;
using System.Text.Json;
using AssessmentScorer.Reports;
using Microsoft.EntityFrameworkCore;

namespace AssessmentScorer.Store;

/// <summary>
/// Assessment rounds (docs/rounds.md): make, list, close and publish rounds; store submissions as immutable revisions;
/// read results (computed by the library, in the background) and exports; re-score under another version and compare.
/// Every write appends an audit entry in the same transaction. Each method checks the caller's role and scope and throws
/// <see cref="RoundException"/> (status, problem code, place) for anything it cannot do. The REST API and an in-process UI
/// call the same methods.
/// </summary>
public sealed class RoundService(StoreDb db, StoreOptions options, IRuleSetSource rules, RoundScoring scoring, TimeProvider clock)
{
    // ---- rounds ----------------------------------------------------------------------------------------------------

    public async Task<RoundView> CreateAsync(Caller caller, CreateRoundRequest? request, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        var errors = new List<RoundError>();
        var scheme = request?.Scheme?.Trim();
        if (string.IsNullOrEmpty(scheme)) errors.Add(new RoundError("AS5604", "scheme is required, e.g. cn.national.tertiary-performance", "scheme"));
        if (request?.Year is not { } year || year is < 1900 or > 2200) { errors.Add(new RoundError("AS5604", "year is required: a whole number from 1900 to 2200", "year")); year = 0; }
        var name = request?.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 400) errors.Add(new RoundError("AS5604", "name is required (at most 400 characters)", "name"));
        if (request?.Region is { } region && (region.Trim().Length == 0 || region.Length > 200)) errors.Add(new RoundError("AS5604", "region, when given, is a region path such as CN-SC/leshan", "region"));
        if (errors.Count > 0) throw Invalid(errors);
        var rs = Choose(scheme!, request!.Version, year);
        var row = new RoundRow
        {
            Scheme = rs.Scheme, Version = rs.Version.ToString(), Year = year, Name = name!, Region = request.Region?.Trim(),
            State = RoundStates.Open, RuleSetDigest = rs.Digest, CreatedAt = clock.GetUtcNow(), CreatedBy = caller.Name,
        };
        await using var ctx = db.Open();
        await using var tx = await ctx.Database.BeginTransactionAsync(ct);
        ctx.Rounds.Add(row);
        await ctx.SaveChangesAsync(ct);
        ctx.Audit.Add(new AuditRow { At = row.CreatedAt, Actor = caller.Name, Action = "round.created", RoundId = row.Id, After = rs.Digest, Detail = $"{rs.Scheme}@{rs.Version} {year} {row.Name}" });
        await ctx.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ViewAsync(ctx, row, ct);
    }

    public async Task<IReadOnlyList<RoundView>> ListAsync(Caller caller, CancellationToken ct = default)
    {
        await using var ctx = db.Open();
        var rounds = (await ctx.Rounds.AsNoTracking().OrderBy(r => r.Id).ToListAsync(ct)).Where(caller.SeesRound).ToList();
        var counts = await ctx.Revisions.AsNoTracking().GroupBy(r => r.RoundId)
            .Select(g => new { g.Key, Subjects = g.Select(r => r.SubjectId).Distinct().Count() }).ToDictionaryAsync(x => x.Key, x => x.Subjects, ct);
        return rounds.Select(r => View(r, counts.GetValueOrDefault(r.Id))).ToList();
    }

    public async Task<RoundView> GetAsync(Caller caller, long id, CancellationToken ct = default)
    {
        await using var ctx = db.Open();
        var round = await RoundAsync(ctx, caller, id, ct);
        return await ViewAsync(ctx, round, ct);
    }

    /// <summary>Closes an open round: hospitals can no longer submit; assessors and admins still correct (review, appeals).</summary>
    public Task<RoundView> CloseAsync(Caller caller, long id, CancellationToken ct = default) =>
        MoveAsync(caller, id, RoundStates.Open, RoundStates.Closed, "round.closed", ct);

    /// <summary>Publishes a closed round: its revisions and results never change again.</summary>
    public Task<RoundView> PublishAsync(Caller caller, long id, CancellationToken ct = default) =>
        MoveAsync(caller, id, RoundStates.Closed, RoundStates.Published, "round.published", ct);

    private async Task<RoundView> MoveAsync(Caller caller, long id, string from, string to, string action, CancellationToken ct)
    {
        RequireAdmin(caller);
        await using var ctx = db.Open();
        var round = await RoundAsync(ctx, caller, id, ct);
        if (round.State != from)
            throw new RoundException(409, "AS5602", "Round state", $"Round {id} is {round.State}; only a {from} round can become {to}.");
        var now = clock.GetUtcNow();
        await using var tx = await ctx.Database.BeginTransactionAsync(ct);
        RoundRow? prev = null;
        long? ceiling = null;
        if (to == RoundStates.Published)
        {
            // The results are frozen with the previous year's values as they are now.
            prev = await RoundScoring.PreviousRoundAsync(ctx, round, ct);
            if (prev is not null) ceiling = await ctx.Revisions.Where(r => r.RoundId == prev.Id).MaxAsync(r => (long?)r.Id, ct) ?? 0;
        }
        var prevId = prev?.Id;
        var moved = await ctx.Rounds.Where(r => r.Id == id && r.State == from).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.State, to)
            .SetProperty(r => r.ClosedAt, r => to == RoundStates.Closed ? now : r.ClosedAt)
            .SetProperty(r => r.PublishedAt, r => to == RoundStates.Published ? now : r.PublishedAt)
            .SetProperty(r => r.PreviousRoundId, r => to == RoundStates.Published ? prevId : r.PreviousRoundId)
            .SetProperty(r => r.PreviousRevisionCeiling, r => to == RoundStates.Published ? ceiling : r.PreviousRevisionCeiling), ct);
        if (moved == 0)
            throw new RoundException(409, "AS5602", "Round state", $"Round {id} changed state meanwhile; only a {from} round can become {to}.");
        ctx.Audit.Add(new AuditRow { At = now, Actor = caller.Name, Action = action, RoundId = id, Before = round.RuleSetDigest, After = round.RuleSetDigest, Detail = $"{from} → {to}" });
        await ctx.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        ctx.ChangeTracker.Clear();
        return await ViewAsync(ctx, await ctx.Rounds.AsNoTracking().FirstAsync(r => r.Id == id, ct), ct);
    }

    // ---- submissions -----------------------------------------------------------------------------------------------

    /// <summary>
    /// Stores each acceptable row of an upload as a new revision of its subject (a row equal to the subject's latest revision
    /// stores nothing and names that revision). A row is rejected, with its problems, when it cannot be read, has an invalid
    /// value, is of another year, or names a subject twice. Any row outside the caller's scope refuses the whole upload (403).
    /// </summary>
    public async Task<SubmissionReceipt> SubmitAsync(Caller caller, long id, byte[] body, InputFormat format, string? reason, CancellationToken ct = default)
    {
        if (reason is { Length: > 2000 }) throw Invalid(new[] { new RoundError("AS5604", "reason is at most 2,000 characters", "reason") });
        var timings = StageTimings.Start("submit");
        RoundRow round;
        await using (var ctx = db.Open()) round = await RoundAsync(ctx, caller, id, ct);
        CheckWritable(caller, round);
        var rs = RuleSetOf(rules.Registry, round);
        var name = format switch { InputFormat.Csv => "csv", InputFormat.Xlsx => "xlsx", InputFormat.JsonLines => "ndjson", _ => "json" };
        var batch = Inputs.ReadBytes(body, format, name, rs);
        timings?.Mark("read");
        if (batch.Read > options.MaxUploadRows)
            throw new RoundException(413, "AS5017", "Upload too large", $"The upload has {batch.Read} rows; the limit is {options.MaxUploadRows}. Send it in parts.");
        // The upload as a whole cannot be read (not JSON, not a workbook, a CSV header without an id column): nothing is stored.
        var whole = batch.Problems.Where(p => p.Row == 0 || (format is InputFormat.Csv or InputFormat.Xlsx && p.Row == 1 && batch.Read == 0)).ToList();
        if (batch.Items.Count == 0 && whole.Count > 0)
            throw new RoundException(whole[0].Code == "AS5001" ? 400 : 422, whole[0].Code, "Unreadable upload", $"The upload cannot be read as {name}: {whole[0].Message}",
                whole.Select(p => new RoundError(p.Code, p.Message, Place(p), p.Row)).ToList());
        var byRow = batch.Problems.GroupBy(p => p.Row).ToDictionary(g => g.Key, g => g.Select(View).ToList());
        var itemRows = batch.Items.Select(i => i.Row).ToHashSet();
        var rejected = byRow.Where(kv => !itemRows.Contains(kv.Key)).Select(kv => new RejectedUploadRow(kv.Key, kv.Value)).ToList();
        // Values the rule set cannot read (a text where a number belongs, out of range, a level that does not exist) are
        // refused here, not stored to be scored as missing: the library's categories say which problems those are.
        // Each row's canonical JSON and digest (what a revision stores) are made here too, on every core.
        var invalid = new List<RowProblemView>?[batch.Items.Count];
        var canonical = new (string Json, string Digest)[batch.Items.Count];
        var tabular = format is InputFormat.Csv or InputFormat.Xlsx;
        Parallel.For(0, batch.Items.Count, i =>
        {
            var item = batch.Items[i];
            canonical[i] = SubmissionWriter.Canonical(item.Submission);
            var bad = rs.Score(item.Submission).Problems.Where(p => ProblemCodes.Get(p.Code).Category == ProblemCategory.InvalidValue)
                .Where(p => !item.Submission.InputProblems.Any(q => q.Code == p.Code && q.Field == p.Field)).ToList();
            if (bad.Count > 0)
                invalid[i] = bad.Select(p => new RowProblemView(item.Row, tabular ? ColumnOf(p.Field) : "", p.Field, p.Code, p.Message)).ToList();
        });
        timings?.Mark("validate");
        var candidates = new List<(InputItem Item, string Content, string Digest, List<RowProblemView> Warnings)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = -1;
        var outside = new List<RoundError>();
        foreach (var item in batch.Items)
        {
            var problems = byRow.GetValueOrDefault(item.Row) ?? new List<RowProblemView>();
            var sub = item.Submission;
            var errors = problems.Where(p => !ProblemCodes.IsWarning(p.Code)).ToList();
            if (invalid[++index] is { } bad) errors.AddRange(bad);
            if (sub.Year != round.Year)
                errors.Add(new RowProblemView(item.Row, format is InputFormat.Csv or InputFormat.Xlsx ? "year" : "", "year", "AS5603",
                    $"the submission is for {sub.Year}; round {round.Id} assesses {round.Year}"));
            if (!seen.Add(sub.Subject.Id))
                errors.Add(new RowProblemView(item.Row, "", "subject.id", "AS5606", $"subject '{sub.Subject.Id}' is given more than once in this upload; send each subject once"));
            if (!caller.SeesSubject(sub.Subject.Id, sub.Subject.Region))
                outside.Add(new RoundError("AS5601", $"subject '{sub.Subject.Id}' (region {sub.Subject.Region ?? "none"}) is outside this key's scope", "subject", item.Row));
            if (errors.Count > 0) { rejected.Add(new RejectedUploadRow(item.Row, problems.Concat(errors.Where(e => !problems.Contains(e))).ToList())); continue; }
            candidates.Add((item, canonical[index].Json, canonical[index].Digest, problems));
        }
        if (outside.Count > 0)
            throw new RoundException(403, "AS5601", "Outside the key's scope", $"{outside.Count} row(s) name subjects this key may not write; nothing was stored.", outside);
        rejected.Sort((a, b) => a.Row.CompareTo(b.Row));
        timings?.Mark("check");

        if (candidates.Count == 0)
            throw new RoundException(422, rejected.SelectMany(r => r.Problems).FirstOrDefault(p => !ProblemCodes.IsWarning(p.Code))?.Code ?? "AS5005", "Nothing accepted",
                $"None of the {batch.Read} row(s) could be stored; see errors (each names its row).",
                rejected.SelectMany(r => r.Problems.Select(p => new RoundError(p.Code, p.Message, p.Field.Length > 0 ? p.Field : p.Column, r.Row))).ToList());
        var accepted = await StoreRevisionsAsync(caller, round, candidates, reason, name, timings, ct);
        if (accepted.Any(a => !a.Unchanged)) scoring.Kick(round.Id);
        timings?.Done($"round {round.Id}, {batch.Read} rows, {accepted.Count} accepted");
        return new SubmissionReceipt(batch.Read, accepted, rejected);
    }

    private async Task<List<AcceptedRow>> StoreRevisionsAsync(Caller caller, RoundRow round,
        List<(InputItem Item, string Content, string Digest, List<RowProblemView> Warnings)> candidates, string? reason, string source, StageTimings? timings,
        CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var ctx = db.Open();
            await using var tx = await ctx.Database.BeginTransactionAsync(ct);
            // Taking the round's row first: writers to one round queue here, and a round closed or published meanwhile is seen.
            var allowed = caller.IsAdmin || caller.Role == Roles.Assessor ? new[] { RoundStates.Open, RoundStates.Closed } : new[] { RoundStates.Open };
            var locked = await ctx.Rounds.Where(r => r.Id == round.Id && allowed.Contains(r.State))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Changes, r => r.Changes + 1), ct);
            if (locked == 0)
                throw new RoundException(409, "AS5602", "Round state", $"Round {round.Id} is no longer open to this key's submissions.");
            var latest = (await RoundScoring.LatestHeadsAsync(ctx, round.Id, ct)).ToDictionary(r => r.SubjectId, StringComparer.Ordinal);
            var existing = latest.Count;
            timings?.Mark("latest");
            var now = clock.GetUtcNow();
            var result = new List<AcceptedRow>(candidates.Count);
            var added = new List<(int Index, RevisionRow Row)>();
            var audit = new List<AuditRow>();
            var outside = new List<RoundError>();
            foreach (var (item, content, digest, warnings) in candidates)
            {
                var subjectId = item.Submission.Subject.Id;
                latest.TryGetValue(subjectId, out var last);
                // The subject's place is where it is already filed: a new region does not take it out of another's scope.
                if (last is not null && !caller.SeesSubject(subjectId, last.SubjectRegion))
                    outside.Add(new RoundError("AS5601", $"subject '{subjectId}' is filed under region {last.SubjectRegion ?? "none"}, outside this key's scope", "subject", item.Row));
                if (last is not null && last.ContentDigest == digest)
                {
                    result.Add(new AcceptedRow(item.Row, subjectId, last.Id, last.Number, digest, true, warnings));
                    continue;
                }
                var rev = new RevisionRow
                {
                    RoundId = round.Id, SubjectId = subjectId, Number = (last?.Number ?? 0) + 1, SubjectRegion = item.Submission.Subject.Region,
                    Content = content, ContentDigest = digest, Author = caller.Name, CreatedAt = now, Reason = reason,
                    Source = item.Row > 0 ? $"{source} row {item.Row}" : source,
                };
                audit.Add(new AuditRow
                {
                    At = now, Actor = caller.Name, Action = "submission.revised", RoundId = round.Id, SubjectId = subjectId,
                    Before = last?.ContentDigest, After = digest, Detail = $"revision {rev.Number} ({rev.Source}){(reason is null ? "" : ": " + reason)}",
                });
                added.Add((result.Count, rev));
                result.Add(null!);
            }
            if (outside.Count > 0)
                throw new RoundException(403, "AS5601", "Outside the key's scope", $"{outside.Count} row(s) name subjects this key may not write; nothing was stored.", outside);
            if (added.Count == 0) return result; // nothing new: the transaction is dropped, the round unchanged
            var subjects = existing + added.Count(a => a.Row.Number == 1);
            if (subjects > options.MaxRoundSubjects)
                throw new RoundException(413, "AS5017", "Round too large", $"The round would hold {subjects} subjects; the limit is {options.MaxRoundSubjects}.");
            timings?.Mark("prepare");
            Dictionary<string, long> ids;
            try
            {
                // Many rows at once, in this transaction: the revisions and their audit entries become durable together at the commit.
                ids = await BulkInsert.RevisionsAsync(ctx, added.Select(a => a.Row).ToList(), ct);
                await BulkInsert.AuditAsync(ctx, audit, ct);
                timings?.Mark("insert");
                await tx.CommitAsync(ct);
                timings?.Mark("commit");
            }
            catch (Exception ex) when (StoreDb.IsUniqueViolation(ex) && attempt < 20)
            {
                continue; // another writer numbered the same revision first: number again from the latest
            }
            foreach (var (_, rev) in added) rev.Id = ids[rev.SubjectId];
            var i = 0;
            foreach (var (index, rev) in added)
            {
                var (item, _, _, warnings) = candidates[IndexOfCandidate(candidates, rev.SubjectId, ref i)];
                result[index] = new AcceptedRow(item.Row, rev.SubjectId, rev.Id, rev.Number, rev.ContentDigest, false, warnings);
            }
            return result;
        }
    }

    private static int IndexOfCandidate(List<(InputItem Item, string Content, string Digest, List<RowProblemView> Warnings)> candidates, string subjectId, ref int from)
    {
        for (var k = from; k < candidates.Count; k++)
            if (candidates[k].Item.Submission.Subject.Id == subjectId) { from = k + 1; return k; }
        throw new InvalidOperationException("a stored revision has no row");
    }

    public async Task<SubmissionView> SubmissionAsync(Caller caller, long id, string subjectId, CancellationToken ct = default)
    {
        var revisions = await RevisionRowsAsync(caller, id, subjectId, ct);
        var last = revisions[^1];
        using var doc = JsonDocument.Parse(last.Content);
        return new SubmissionView(View(last), doc.RootElement.Clone());
    }

    public async Task<IReadOnlyList<RevisionView>> RevisionsAsync(Caller caller, long id, string subjectId, CancellationToken ct = default) =>
        (await RevisionRowsAsync(caller, id, subjectId, ct)).Select(View).ToList();

    private async Task<List<RevisionRow>> RevisionRowsAsync(Caller caller, long id, string subjectId, CancellationToken ct)
    {
        await using var ctx = db.Open();
        await RoundAsync(ctx, caller, id, ct);
        var revisions = await ctx.Revisions.AsNoTracking().Where(r => r.RoundId == id && r.SubjectId == subjectId).OrderBy(r => r.Number).ToListAsync(ct);
        if (caller.Role == Roles.Hospital && caller.SubjectId != subjectId) throw OutsideScope($"subject '{subjectId}' is not this key's subject");
        if (revisions.Count == 0) throw new RoundException(404, "AS5019", "Not found", $"Round {id} has no submission for subject '{subjectId}'.");
        if (!caller.SeesSubject(subjectId, revisions[^1].SubjectRegion)) throw OutsideScope($"subject '{subjectId}' is outside this key's region");
        return revisions;
    }

    // ---- results ---------------------------------------------------------------------------------------------------

    /// <summary>The round's results as this caller may see them: all for an admin, the region's subjects for an assessor (ranked in the whole cohort).</summary>
    public async Task<RoundResults> ResultsAsync(Caller caller, long id, CancellationToken ct = default)
    {
        if (caller.Role == Roles.Hospital) throw OutsideScope("a hospital key reads its own result: GET /rounds/{id}/results/{subjectId}");
        RoundRow round;
        await using (var ctx = db.Open()) round = await RoundAsync(ctx, caller, id, ct);
        var snap = await scoring.GetAsync(id, ct);
        var view = await GetAsync(caller, id, ct);
        if (caller.IsAdmin) return new RoundResults(view, snap, Enumerable.Range(0, snap.Scored.Count).ToList());
        var visible = new List<int>();
        for (var i = 0; i < snap.Submissions.Count; i++)
            if (caller.SeesSubject(snap.Scored[i].SubjectId, snap.Submissions[i].Subject.Region)) visible.Add(i);
        return new RoundResults(view, snap, visible);
    }

    /// <summary>One subject's result in the round, with what it was computed from.</summary>
    public async Task<SubjectResult> SubjectResultAsync(Caller caller, long id, string subjectId, CancellationToken ct = default)
    {
        await RevisionRowsAsync(caller, id, subjectId, ct); // scope and existence
        var snap = await scoring.GetAsync(id, ct);
        var i = snap.IndexOf(subjectId);
        if (i < 0) throw new RoundException(404, "AS5019", "Not found", $"Round {id} has no result for subject '{subjectId}'.");
        var view = await GetAsync(caller, id, ct);
        return new SubjectResult(view, snap.RuleSet.Reference, snap.Scored[i], snap.Cohort.Results[i]);
    }

    /// <summary>A report of the results this caller may see: <c>xlsx</c>, <c>html</c> or <c>csv</c>, written by the CLI's writers.</summary>
    public async Task<(byte[] Bytes, string ContentType, string FileName)> ExportAsync(Caller caller, long id, string format, CancellationToken ct = default)
    {
        var results = await ResultsAsync(caller, id, ct);
        var list = results.Visible.Select(i => results.Snapshot.Cohort.Results[i]).ToList();
        var rs = results.Snapshot.RuleSet;
        var file = $"round-{id}-report.{format}";
        switch (format)
        {
            case "xlsx":
                {
                    using var ms = new MemoryStream();
                    WorkbookReport.Write(ms, list, results.Snapshot.Cohort.Aggregates, Array.Empty<InputProblem>(), rs);
                    return (ms.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file);
                }
            case "html":
                return (System.Text.Encoding.UTF8.GetBytes(ResultReports.Html(rs, list, results.Snapshot.Cohort.Aggregates)), "text/html; charset=utf-8", file);
            case "csv":
                return (System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(ResultReports.Csv(rs, list))).ToArray(), "text/csv; charset=utf-8", file);
            default:
                throw new RoundException(404, "AS5019", "Not found", $"There is no report.{format}; the reports are report.xlsx, report.html and report.csv.");
        }
    }

    // ---- re-scoring and comparison -----------------------------------------------------------------------------------

    /// <summary>Makes a new round scoring the same revisions under another version of the scheme (the source round is untouched).</summary>
    public async Task<RoundView> RescoreAsync(Caller caller, long id, RescoreRequest? request, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        if (string.IsNullOrWhiteSpace(request?.Version)) throw Invalid(new[] { new RoundError("AS5604", "version is required: the version to re-score with", "version") });
        await using var ctx = db.Open();
        var source = await RoundAsync(ctx, caller, id, ct);
        var rs = rules.Registry.Resolve($"{source.Scheme}@{request.Version.Trim()}")
                 ?? throw new RoundException(404, "AS4002", "Rule set not found", $"No rule set matches '{source.Scheme}@{request.Version}'. GET /rulesets lists what is loaded.");
        if (rs.Digest == source.RuleSetDigest)
            throw Invalid(new[] { new RoundError("AS5604", $"round {id} is already scored with {rs.Scheme}@{rs.Version}", "version") });
        var now = clock.GetUtcNow();
        await using var tx = await ctx.Database.BeginTransactionAsync(ct);
        var latest = await RoundScoring.LatestAsync(ctx, id, null, ct);
        var row = new RoundRow
        {
            Scheme = source.Scheme, Version = rs.Version.ToString(), Year = source.Year, Name = $"{source.Name} ({rs.Version})", Region = source.Region,
            State = RoundStates.Closed, RuleSetDigest = rs.Digest, RescoreOf = id, Changes = latest.Count > 0 ? 1 : 0,
            CreatedAt = now, CreatedBy = caller.Name, ClosedAt = now,
        };
        ctx.Rounds.Add(row);
        await ctx.SaveChangesAsync(ct);
        await BulkInsert.RevisionsAsync(ctx, latest.Select(r => new RevisionRow
        {
            RoundId = row.Id, SubjectId = r.SubjectId, Number = 1, SubjectRegion = r.SubjectRegion, Content = r.Content, ContentDigest = r.ContentDigest,
            Author = r.Author, CreatedAt = r.CreatedAt, Reason = $"re-scored from round {id} revision {r.Number}", Source = $"round {id} revision {r.Id}",
        }).ToList(), ct);
        ctx.Audit.Add(new AuditRow
        {
            At = now, Actor = caller.Name, Action = "round.rescored", RoundId = row.Id, Before = source.RuleSetDigest, After = rs.Digest,
            Detail = $"round {id} ({source.Scheme}@{source.Version}) re-scored under {rs.Scheme}@{rs.Version}: {latest.Count} subjects",
        });
        await ctx.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (latest.Count > 0) scoring.Kick(row.Id);
        return await ViewAsync(ctx, row, ct);
    }

    /// <summary>
    /// Compares two rounds subject by subject (the library's comparison: who moves and why): a re-scoring round against
    /// the round it re-scores, or any round against <paramref name="with"/>. The same submissions are scored under both
    /// rounds' rule sets.
    /// </summary>
    public async Task<ComparisonResult> CompareAsync(Caller caller, long id, long? with, CancellationToken ct = default)
    {
        if (caller.Role == Roles.Hospital) throw OutsideScope("a hospital key reads its own result, not comparisons");
        RoundRow round, other;
        await using (var ctx = db.Open())
        {
            round = await RoundAsync(ctx, caller, id, ct);
            var otherId = with ?? round.RescoreOf
                ?? throw Invalid(new[] { new RoundError("AS5604", $"round {id} re-scores no other round: name the round to compare with (?with=)", "with") });
            other = await RoundAsync(ctx, caller, otherId, ct);
        }
        var mine = await ResultsAsync(caller, id, ct);
        var theirs = await scoring.GetAsync(other.Id, ct);
        var subs = mine.Visible.Select(i => mine.Snapshot.Submissions[i]).ToList();
        return RuleSetComparison.Compare(theirs.RuleSet, mine.Snapshot.RuleSet, subs);
    }

    // ---- for rules on top of results (actions) and other callers in process -------------------------------------------

    /// <summary>A subject's results in the rounds of earlier years of the same scheme (nearest year first; one round a year, a published one first).</summary>
    public async Task<IReadOnlyList<SubjectResult>> EarlierResultsAsync(Caller caller, long id, string subjectId, CancellationToken ct = default)
    {
        List<RoundRow> earlier;
        await using (var ctx = db.Open())
        {
            var round = await RoundAsync(ctx, caller, id, ct);
            earlier = (await ctx.Rounds.AsNoTracking().Where(r => r.Scheme == round.Scheme && r.Year < round.Year && r.RescoreOf == null).ToListAsync(ct))
                .GroupBy(r => r.Year).Select(g => g.OrderByDescending(r => r.State == RoundStates.Published).ThenByDescending(r => r.Id).First())
                .OrderByDescending(r => r.Year).ToList();
        }
        var list = new List<SubjectResult>();
        foreach (var r in earlier)
        {
            try { list.Add(await SubjectResultAsync(caller, r.Id, subjectId, ct)); }
            catch (RoundException ex) when (ex.Status == 404) { }
        }
        return list;
    }

    /// <summary>
    /// What a round's actions (结果运用) are drawn from, as this caller may see them: the round's whole computation, the
    /// positions in it the caller sees (an admin every subject, an assessor its region's, a hospital its own) and those
    /// subjects' results in the previous year's round of the same scheme (the round last year's values are read from).
    /// </summary>
    public async Task<RoundActionsInput> ActionsInputAsync(Caller caller, long id, CancellationToken ct = default)
    {
        RoundRow? previous;
        await using (var ctx = db.Open())
        {
            var round = await RoundAsync(ctx, caller, id, ct);
            previous = round.State == RoundStates.Published
                ? round.PreviousRoundId is { } pid ? await ctx.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == pid, ct) : null
                : await RoundScoring.PreviousRoundAsync(ctx, round, ct);
        }
        var snap = await scoring.GetAsync(id, ct);
        var view = await GetAsync(caller, id, ct);
        var visible = new List<int>();
        for (var i = 0; i < snap.Submissions.Count; i++)
            if (caller.SeesSubject(snap.Scored[i].SubjectId, snap.Submissions[i].Subject.Region)) visible.Add(i);
        var earlier = new List<AssessmentResult>();
        if (previous is not null && visible.Count > 0)
        {
            var last = await scoring.GetAsync(previous.Id, ct);
            foreach (var i in visible)
                if (last.IndexOf(snap.Scored[i].SubjectId) is var j and >= 0) earlier.Add(last.Cohort.Results[j]);
        }
        return new RoundActionsInput(view, snap, visible, previous?.Id, earlier);
    }

    // ---- audit -----------------------------------------------------------------------------------------------------

    public async Task<IReadOnlyList<AuditView>> AuditAsync(Caller caller, long? round, string? subject, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        await using var ctx = db.Open();
        var q = ctx.Audit.AsNoTracking().AsQueryable();
        if (round is { } r) q = q.Where(a => a.RoundId == r);
        if (!string.IsNullOrEmpty(subject)) q = q.Where(a => a.SubjectId == subject);
        return (await q.OrderBy(a => a.Id).Take(10_000).ToListAsync(ct))
            .Select(a => new AuditView(a.Id, a.At, a.Actor, a.Action, a.RoundId, a.SubjectId, a.Before, a.After, a.Detail)).ToList();
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    internal static void RequireAdmin(Caller caller)
    {
        if (!caller.IsAdmin) throw OutsideScope($"only an admin key may do this; this key is {caller.Role}");
    }

    private static void CheckWritable(Caller caller, RoundRow round)
    {
        if (round.State == RoundStates.Published)
            throw new RoundException(409, "AS5602", "Round published", $"Round {round.Id} is published: its submissions and results are frozen. Corrections go to a new round.");
        if (round.State == RoundStates.Closed && caller.Role == Roles.Hospital)
            throw new RoundException(409, "AS5602", "Round closed", $"Round {round.Id} is closed: hospitals no longer submit; corrections and appeals go through the assessors.");
    }

    internal static RoundException OutsideScope(string why) => new(403, "AS5601", "Outside the key's scope", $"Forbidden: {why}.");

    internal static RoundException NoRound(long id) => new(404, "AS5019", "Not found", $"There is no round {id}; GET /rounds lists them.");

    internal static RoundException Invalid(IReadOnlyList<RoundError> errors) =>
        new(422, "AS5604", "Invalid request", string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")), errors);

    private static async Task<RoundRow> RoundAsync(StoreContext ctx, Caller caller, long id, CancellationToken ct)
    {
        var round = await ctx.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw NoRound(id);
        if (!caller.SeesRound(round)) throw OutsideScope($"round {id} covers region {round.Region}, outside this key's region {caller.Region}");
        return round;
    }

    private CompiledRuleSet Choose(string scheme, string? version, int year)
    {
        if (string.IsNullOrWhiteSpace(version) || version == RuleSetRegistry.InForceMarker)
        {
            var choice = rules.Registry.Choose(scheme, year);
            return choice.RuleSet ?? throw new RoundException(404, "AS4002", "No version in force", choice.Message ?? $"No rule set matches '{scheme}'.");
        }
        return rules.Registry.Resolve($"{scheme}@{version.Trim()}")
               ?? throw new RoundException(404, "AS4002", "Rule set not found", $"No rule set matches '{scheme}@{version}'. GET /rulesets lists what is loaded.");
    }

    /// <summary>The rule set a round scores with: its scheme and version, with the content it was made with.</summary>
    internal static CompiledRuleSet RuleSetOf(RuleSetRegistry registry, RoundRow round)
    {
        var rs = registry.Resolve($"{round.Scheme}@{round.Version}")
                 ?? throw new RoundException(409, "AS4002", "Rule set not loaded", $"Round {round.Id} scores with {round.Scheme}@{round.Version}, which is not loaded now.");
        if (rs.Digest != round.RuleSetDigest)
            throw new RoundException(409, "AS5605", "Rule set changed",
                $"Round {round.Id} was made with {round.Scheme}@{round.Version} of digest {round.RuleSetDigest[..12]}…; the loaded file has digest {rs.Digest[..12]}…. " +
                "A round's results are never computed with other rules: restore that file, or re-score the round under a new version.");
        return rs;
    }

    internal static Submission Read(RevisionRow rev) =>
        Submission.ParseJson(rev.Content).Submission ?? throw new InvalidOperationException($"revision {rev.Id} cannot be read back");

    private async Task<RoundView> ViewAsync(StoreContext ctx, RoundRow round, CancellationToken ct)
    {
        var subjects = await ctx.Revisions.AsNoTracking().Where(r => r.RoundId == round.Id).Select(r => r.SubjectId).Distinct().CountAsync(ct);
        return View(round, subjects);
    }

    private RoundView View(RoundRow r, int subjects) => new(r.Id, r.Scheme, r.Version, r.Year, r.Name, r.Region, r.State, r.RuleSetDigest, r.RescoreOf,
        subjects, r.Changes, r.CreatedAt, r.CreatedBy, r.ClosedAt, r.PublishedAt, scoring.Progress(r));

    private static RevisionView View(RevisionRow r) => new(r.Id, r.RoundId, r.SubjectId, r.Number, r.ContentDigest, r.Author, r.CreatedAt, r.Reason, r.Source);

    private static RowProblemView View(InputProblem p) => new(p.Row, p.Column, p.Field, p.Code, p.Message);

    /// <summary>A table's column for a submission path: the data-dictionary id its header names (<c>values.beds</c> → <c>beds</c>).</summary>
    private static string ColumnOf(string field) =>
        field.StartsWith("values.", StringComparison.Ordinal) ? field["values.".Length..]
        : field.StartsWith("previous.values.", StringComparison.Ordinal) ? "previous." + field["previous.values.".Length..]
        : field;

    private static string Place(InputProblem p) => p.Field.Length > 0 ? p.Field : p.Column;
}

/// <summary>A round's results as one caller may see them.</summary>
/// <param name="Round">The round.</param>
/// <param name="Snapshot">The whole computation (every subject).</param>
/// <param name="Visible">The positions in it this caller may see, in subject-id order.</param>
public sealed record RoundResults(RoundView Round, RoundSnapshot Snapshot, IReadOnlyList<int> Visible);

/// <summary>What a round's actions are drawn from, as one caller may see them.</summary>
/// <param name="Round">The round.</param>
/// <param name="Snapshot">The whole computation (every subject; ranks and grades are of the whole round).</param>
/// <param name="Visible">The positions in it this caller may see, in subject-id order.</param>
/// <param name="PreviousRound">The previous year's round of the same scheme, if there is one.</param>
/// <param name="Earlier">The visible subjects' results in that round.</param>
public sealed record RoundActionsInput(RoundView Round, RoundSnapshot Snapshot, IReadOnlyList<int> Visible, long? PreviousRound,
    IReadOnlyList<AssessmentResult> Earlier);

/// <summary>One subject's result in a round, and what it was computed from.</summary>
/// <param name="Round">The round.</param>
/// <param name="RuleSet">The rule set (scheme, version, digest) scored with.</param>
/// <param name="ScoredFrom">The revision scored, and where last year's values came from.</param>
/// <param name="Result">The result.</param>
public sealed record SubjectResult(RoundView Round, RuleSetRef RuleSet, ScoredFrom ScoredFrom, AssessmentResult Result);
