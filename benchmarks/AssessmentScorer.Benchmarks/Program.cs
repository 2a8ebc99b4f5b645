using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AssessmentScorer;
using AssessmentScorer.Benchmarks;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// Modes (benchmarks/run.sh runs them all and collects their last output line, a JSON object):
//   single [--quick]                         BenchmarkDotNet: one full assessment (national tertiary, demo), ToJson
//   parse [--quick]                          BenchmarkDotNet: one national submission read from JSON (Submission.ParseJson)
//   micro [--quick]                          BenchmarkDotNet: ranking's radix sort against Array.Sort(double[], int[])
//   cohort [--quick]                         the national cohort: 13,000 hospitals scored and graded per stratum
//   batch <count> <scheme@version> [--csv]   <count> generated subjects through ScoreCohort and a read of every result (and SubmissionCsv.Read), peak memory
//   retained [scheme@version] [count]       bytes a cohort result keeps per subject
//   digest [scheme@version]                  SHA-256 of single and cohort JSON of generated subjects (checks engine changes)
//   apply [--quick]                          13,000 national results through a 20-rule NRules pack (AssessmentScorer.NRules, docs/nrules.md);
//                                            APPLY_PROFILE=1 first prints the CPU time with one rule that never fires, the sample pack, and all 20
//   body <scheme@version> <file>             writes one generated national submission as JSON (for the API load test)
//   write-cohort <scheme@version> <template.json> <count> <seed> <file.csv>   writes a generated cohort as CSV (for the CLI sensitivity timing)
//   sens-parts <scheme@version> <template.json>   CPU time of the parts of a sensitivity draw (noise, grade-only re-scoring) against a full Score
//   e2e-ref <cohort.json> [<output.json>]    same-run references: raw Utf8JsonWriter, a plain loop over the fields, warm parsing beside a bare Utf8JsonReader walk of the same bytes (the parsing floor), the cohort scored cold then 6 more rounds
//   parse-loop <cohort.json> [runs]          SubmissionBatch.ReadJsonArray alone, run after run (for perf record): CPU and bytes per submission,
//                                            beside the bare Utf8JsonReader floor of e2e-ref
//   e2e-data <count> <dir>                   writes a generated national tertiary cohort (seed 18) as <dir>/national-<count>.csv, .json,
//                                            .jsonl and a filled input template .xlsx (benchmarks/run.sh e2e)
//   writers <cohort.json> <dir> [runs]       every results writer of a scored cohort (CSV, JSON full/indicators/summary, JSON lines,
//                                            workbook, HTML report) in one process: CPU and wall per writer (first run and warm), beside
//                                            the explanation text alone, a raw SpreadCheetah floor and row building alone;
//                                            WRITERS=csv,json,indicators,summary,jsonl,xlsx,html,explain picks some
//   read <file> [runs]                      the reading phase alone: one input file (.csv, .xlsx, .json, .jsonl) through Inputs.ReadBytes,
//                                            first (cold) and warm, wall and CPU per run and per submission
//   rounds-csv <scheme@version> <count> <file>  writes <count> generated national submissions as one CSV (the rounds upload)
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var mode = args.Length > 0 ? args[0] : "single";
using var gcLog = GcLog.StartIfAsked();
using var allocLog = AllocLog.StartIfAsked();
var quick = args.Contains("--quick");
var root = Repo.Root;
switch (mode)
{
    case "single":
        Emit(new { mode, quick, results = RunBenchmarks(quick, typeof(ScoreBenchmarks)) });
        break;
    case "micro":
        Emit(new { mode, quick, results = RunBenchmarks(quick, typeof(RankSortBenchmarks)) });
        break;
    case "parse":
        Emit(new { mode, quick, results = RunBenchmarks(quick, typeof(ParseBenchmarks)) });
        break;
    case "cohort":
        {
            var rs = Load(root, "cn.national.tertiary-performance@1.1.0");
            var subs = Generator.For(rs, Path.Combine(root, "examples/national/tertiary-hospital.json")).MakeMany(seed: 1, count: 13_000);
            var runs = quick ? 5 : 15;
            // Warm-up: at least 5 runs and 3 seconds, so that tiered JIT has its final code in place (after 3 runs the
            // next few were still two to three times slower on this machine).
            var warmup = Stopwatch.StartNew();
            for (var i = 0; i < 5 || warmup.ElapsedMilliseconds < 3000; i++) rs.ScoreCohort(subs);
            var times = new List<double>();
            var (withFull, without) = (new List<double>(), new List<double>());
            CohortResult? last = null;
            var allocBefore = GC.GetTotalAllocatedBytes(true);
            var pauseBefore = GC.GetTotalPauseDuration();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < runs; i++)
            {
                var full0 = GC.CollectionCount(2);
                var sw = Stopwatch.StartNew();
                last = rs.ScoreCohort(subs);
                times.Add(sw.Elapsed.TotalMilliseconds);
                (GC.CollectionCount(2) != full0 ? withFull : without).Add(times[^1]);
            }
            var alloc = (GC.GetTotalAllocatedBytes(true) - allocBefore) / runs;
            var gcPauseMsPerRun = (GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds / runs;
            var cpuMsPerRun = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / runs;
            times.Sort();
            var strata = last!.Results.GroupBy(r => r.Cohort?.Stratum).Select(g => new { stratum = g.Key, subjects = g.Count(),
                grades = g.GroupBy(r => r.Grade ?? "-").OrderBy(x => x.Key, StringComparer.Ordinal).ToDictionary(x => x.Key, x => x.Count()) }).ToArray();
            var missing = last.Results.Sum(r => r.Indicators.Count(i => i.Status == IndicatorStatus.Missing));
            // The mean counts the full collections a run sets off at their true share; the median hides them when
            // fewer than half the runs have one. Both are reported, with the runs that had one.
            Emit(new { mode, quick, subjects = subs.Length, runs, meanMs = times.Average(), minMs = times[0], medianMs = times[times.Count / 2], maxMs = times[^1],
                runsWithFullCollection = withFull.Count, meanMsWithFullCollection = withFull.Count > 0 ? withFull.Average() : (double?)null,
                meanMsWithoutFullCollection = without.Count > 0 ? without.Average() : (double?)null,
                allocatedMBPerRun = alloc / 1048576.0, gcPauseMsPerRun, cpuMsPerRun, missingIndicatorOutcomes = missing, strata });
            break;
        }
    case "batch":
        {
            // The batch path: subjects generated as they are read (never held as a list), ScoreCohort (ranks, grades,
            // aggregates), then every result read as the CSV report reads it (summary and each indicator's points and
            // met) into a checksum. With --csv the subjects are written to CSV text first and read back with
            // SubmissionCsv.Read (which holds the parsed table).
            var count = int.Parse(args[1], CultureInfo.InvariantCulture);
            var scheme = args[2];
            var csv = args.Contains("--csv");
            var rs = Load(root, scheme);
            var template = scheme.StartsWith("cn.national.tertiary", StringComparison.Ordinal) ? "examples/national/tertiary-hospital.json" : "examples/demo/tertiary-hospital.json";
            var gen = Generator.For(rs, Path.Combine(root, template));
            var warm = rs.ScoreCohort(Enumerable.Range(0, 5000).Select(i => gen.Make(9, i)));   // JIT warm-up on a small cohort
            Checksum(warm);
            warm = null;
            GC.Collect();
            IEnumerable<Submission> source = Enumerable.Range(0, count).Select(i => gen.Make(2, i));
            // What generating alone costs (the generator runs inside the timed ScoreCohort below, on the reading thread).
            var sw = Stopwatch.StartNew();
            var generated = 0;
            foreach (var s in source) generated += s.Values.Count;
            var generateMs = sw.Elapsed.TotalMilliseconds;
            GC.Collect();
            double? csvReadMs = null;
            sw.Restart();
            if (csv)
            {
                var text = Csv.Write(source.ToList());
                GC.Collect();
                sw.Restart();
                source = SubmissionCsv.Read(text, rs).Submissions;
                csvReadMs = sw.Elapsed.TotalMilliseconds;
            }
            var pause0 = GC.GetTotalPauseDuration();
            var alloc0 = GC.GetTotalAllocatedBytes(true);
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            GcLog.Mark("ScoreCohort starts");
            sw.Restart();
            var result = rs.ScoreCohort(source);
            var scoreMs = sw.Elapsed.TotalMilliseconds;
            GcLog.Mark("ScoreCohort returned");
            var checksum = Checksum(result);
            var totalMs = sw.Elapsed.TotalMilliseconds;
            var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds;
            var gcPauseMs = (GC.GetTotalPauseDuration() - pause0).TotalMilliseconds;
            // Everything allocated from the first subject generated to the last result read (generator included).
            var allocatedBytesPerSubject = (GC.GetTotalAllocatedBytes(true) - alloc0) / (double)count;
            var gradedSubjects = result.Results.Count(r => r.Grade is not null || r.Passed is not null || r.Cohort is not null);
            var p = Process.GetCurrentProcess();
            p.Refresh();
            Emit(new { mode, scheme, subjects = count, csv, generateMs, csvReadMs, scoreCohortMs = scoreMs, readResultsMs = totalMs - scoreMs, totalMs, cpuMs, gcPauseMs, allocatedBytesPerSubject,
                peakWorkingSetMB = p.PeakWorkingSet64 / 1048576.0, gcHeapMBAfter = GC.GetTotalMemory(false) / 1048576.0, results = result.Results.Count, gradedSubjects, checksum,
                gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2) });
            break;

            // What the CSV report reads of each result, folded into a number so none of it is optimised away.
            static long Checksum(CohortResult c)
            {
                long sum = 0;
                foreach (var r in c.Results)
                {
                    sum += r.Subject.Id.Length + (long)r.Total + (r.Grade?.Length ?? 0) + (r.Passed == true ? 1 : 0) + (r.Cohort?.Rank ?? 0) + r.Problems.Count;
                    foreach (var i in r.Indicators) sum += (long)(i.Points * 100) + (i.Met == true ? 1 : 0);
                }
                return sum;
            }
        }
    case "retained":
        {
            // Bytes a cohort result keeps per subject (GC heap after a full collection, result alive) and what it is made of.
            var scheme = args.Length > 1 ? args[1] : "cn.demo.hospital-basics@1.0.0";
            var count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100_000;
            var rs = Load(root, scheme);
            var template = scheme.StartsWith("cn.national.tertiary", StringComparison.Ordinal) ? "examples/national/tertiary-hospital.json" : "examples/demo/tertiary-hospital.json";
            var gen = Generator.For(rs, Path.Combine(root, template));
            var before = GC.GetTotalMemory(true);
            var result = rs.ScoreCohort(Enumerable.Range(0, count).Select(i => gen.Make(2, i)));
            var after = GC.GetTotalMemory(true);
            Emit(new { mode, scheme, subjects = count, bytesPerSubject = (after - before) / (double)count,
                outcomeStructBytes = System.Runtime.CompilerServices.Unsafe.SizeOf<AssessmentScorer.Scoring.Outcome>(),
                indicators = rs.Indicators.Count, problemsPerSubject = result.Results.Average(r => r.Problems.Count),
                withGap = result.Results.Count(r => r.NextGrade is not null) });
            GC.KeepAlive(result);
            break;
        }
    case "probe":
        {
            var rs = Load(root, "cn.national.tertiary-performance@1.1.0");
            var subs = Generator.For(rs, Path.Combine(root, "examples/national/tertiary-hospital.json")).MakeMany(seed: 1, count: 2000);
            if (Environment.GetEnvironmentVariable("PROBE_SCORE_ONLY") is not null)
            {
                var cyc = int.Parse(Environment.GetEnvironmentVariable("PROBE_N") ?? "64", CultureInfo.InvariantCulture);
                if (cyc > subs.Length) subs = Generator.For(rs, Path.Combine(root, "examples/national/tertiary-hospital.json")).MakeMany(seed: 1, count: cyc);
                for (var w = 0; w < 20000; w++) rs.Score(subs[w % cyc]);
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                var sw0 = Stopwatch.StartNew(); var n0 = 0;
                var probeMs = int.Parse(Environment.GetEnvironmentVariable("PROBE_MS") ?? "5000", CultureInfo.InvariantCulture);
                while (sw0.ElapsedMilliseconds < probeMs) { rs.Score(subs[n0++ % cyc]); }
                var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
                Console.WriteLine($"{sw0.Elapsed.TotalMilliseconds * 1000 / n0:F2} us per score (wall), {cpu.TotalMilliseconds * 1000 / n0:F2} us (process CPU)");
                break;
            }
            Console.WriteLine($"fields {rs.Model.Fields.Count} slots {rs.Model.ValueSlots} indicators {rs.Model.Indicators.Count} values {subs[0].Values.Count}");
            var probs = rs.Score(subs[0]).Problems; foreach (var pr in probs.Take(5)) Console.WriteLine(pr);
            for (var k = 0; k < int.Parse(Environment.GetEnvironmentVariable("PROBE_ITER") ?? "6"); k++)
            {
                var a0 = GC.GetTotalAllocatedBytes(true);
                var sw = Stopwatch.StartNew();
                foreach (var s in subs) rs.Score(s);
                var t1 = sw.Elapsed.TotalMilliseconds;
                var a1 = GC.GetTotalAllocatedBytes(true);
                sw.Restart();
                rs.ScoreCohort(subs);
                var t2 = sw.Elapsed.TotalMilliseconds;
                var a2 = GC.GetTotalAllocatedBytes(true);
                Console.WriteLine($"score x{subs.Length}: {t1:F1} ms ({(a1 - a0) / subs.Length} B each); cohort: {t2:F1} ms ({(a2 - a1) / subs.Length} B each)");
            }
            break;
        }
    case "verify":
        {
            // Not a benchmark: the per-thread reuse in Score must give the same JSON on any thread, in any order.
            var rs = Load(root, "cn.national.tertiary-performance@1.1.0");
            var subs = Generator.For(rs, Path.Combine(root, "examples/national/tertiary-hospital.json")).MakeMany(seed: 5, count: 3000);
            var sequential = subs.Select(x => rs.Score(x).ToJson(indented: false)).ToArray();
            var parallel = new string[subs.Length];
            Parallel.For(0, subs.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[subs.Length - 1 - i] = rs.Score(subs[subs.Length - 1 - i]).ToJson(indented: false));
            var differ = Enumerable.Range(0, subs.Length).Count(i => sequential[i] != parallel[i]);
            Emit(new { mode, subjects = subs.Length, differ });
            return differ == 0 ? 0 : 1;
        }
    case "digest":
        {
            // Not a benchmark: a fingerprint of the JSON of generated results, to check that engine changes leave every byte alone.
            var name = args.Length > 1 ? args[1] : "cn.national.tertiary-performance@1.1.0";
            var rs = Load(root, name);
            var template = name.StartsWith("cn.national.tertiary", StringComparison.Ordinal) ? "examples/national/tertiary-hospital.json" : "examples/demo/tertiary-hospital.json";
            var subs = Generator.For(rs, Path.Combine(root, template)).MakeMany(seed: 7, count: 3000);
            using var sha = System.Security.Cryptography.SHA256.Create();
            var single = Convert.ToHexString(sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(string.Concat(subs.Select(x => rs.Score(x).ToJson(indented: false))))));
            var cohortJson = rs.ScoreCohort(subs).ToJson(indented: false);
            var cohort = Convert.ToHexString(sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(cohortJson)));
            Emit(new { mode, scheme = name, subjects = subs.Length, single, cohort, cohortBytes = cohortJson.Length });
            break;
        }
    case "apply":
        ApplyBenchmark.Run(root, quick);
        break;
    case "nrules":   // the engine against the NRules encoding of the 亳州 rule set: nrules [--quick] [hospitals]
        NRulesBenchmark.Run(root, quick, args.Skip(1).Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(int.Parse).DefaultIfEmpty(20_000).First());
        break;
    case "cohort-csv":   // the national cohort of the cohort benchmark as a CSV file (the web benchmark uploads it)
        {
            var rs = Load(root, "cn.national.tertiary-performance@1.1.0");
            var subs = Generator.For(rs, Path.Combine(root, "examples/national/tertiary-hospital.json")).MakeMany(seed: 1, count: int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
            File.WriteAllText(args[2], Csv.Write(subs));
            break;
        }
    case "body":
        {
            var rs = Load(root, args[1]);
            var sub = Generator.For(rs, Path.Combine(root, "examples/national/tertiary-hospital.json")).Make(seed: 3, 0);
            File.WriteAllText(args[2], Csv.ToJson(sub));
            break;
        }
    case "write-cohort":
        {
            // A generated cohort as the CLI reads it: <count> submissions shaped on <template.json>, seeded.
            var rs = Load(root, args[1]);
            var subs = Generator.For(rs, Path.Combine(root, args[2])).MakeMany(seed: int.Parse(args[4], CultureInfo.InvariantCulture), count: int.Parse(args[3], CultureInfo.InvariantCulture));
            File.WriteAllText(args[5], Csv.Write(subs));
            break;
        }
    case "sens-parts":
        {
            // Not a benchmark: the parts of one sensitivity draw, CPU time per subject and draw (docs/performance.md).
            var rs = Load(root, args[1]);
            var subs = Generator.For(rs, Path.Combine(root, args[2])).MakeMany(seed: 1, count: 200);
            var job = new Sensitivity.Job(rs, new SensitivityOptions(), new ParallelOptions { MaxDegreeOfParallelism = 1 });
            var runner = new AssessmentScorer.Scoring.Engine.GradeRunner(rs.Engine);
            var prepared = subs.Select(x => runner.Prepare(x, false)).ToArray();
            var noisy = subs.Select((x, i) => job.NoisyOf(x, i)).ToArray();
            Console.WriteLine($"plan {job.Plan.Order.Length} indicators, noisy fields avg {noisy.Average(x => x.Ids.Length):F1}");
            var drawn = noisy.Select(x => new decimal[x.Ids.Length]).ToArray();
            // A second draw, so that in-place re-scoring alternates between two sets of values as successive draws do.
            var drawn2 = noisy.Select(x => new decimal[x.Ids.Length]).ToArray();
            for (var i = 0; i < subs.Length; i++) noisy[i].Draw(drawn2[i], 0.02m, 1_000_000);
            {
                var rng = new Random(1);
                var def = noisy[0].Defs[0];
                var sw0 = new CpuWatch();
                double acc = 0;
                for (var k = 0; k < 2_000_000; k++) acc += rng.NextDouble() + rng.NextDouble();
                var tRng = sw0.Ms / 2_000_000 * 1e6;
                sw0.Restart();
                for (var k = 0; k < 2_000_000; k++) acc += Math.Sqrt(-2.0 * Math.Log(1.0 - k * 1e-7)) * Math.Cos(2.0 * Math.PI * k * 1e-7);
                var tMath = sw0.Ms / 2_000_000 * 1e6;
                sw0.Restart();
                decimal dacc = 0;
                foreach (var (v, d) in noisy[0].Original.Zip(noisy[0].Defs))
                    for (var k = 0; k < 200_000; k++) dacc += Sensitivity.Perturb(v, (k - 100_000) * 1e-7, d);
                var tPerturb = sw0.Ms / (200_000.0 * noisy[0].Original.Length) * 1e6;
                // A whole draw per noisy field (normal deviate and perturbation), the fastest of five runs of 20,000 draws.
                var tField = double.MaxValue;
                for (var rep = 0; rep < 5; rep++)
                {
                    sw0.Restart();
                    for (var k = 0; k < 20_000; k++) noisy[k % 16].Draw(drawn[k % 16], 0.02m, k);
                    tField = Math.Min(tField, sw0.Ms * 1e6 / (20_000.0 * noisy.Take(16).Average(x => x.Ids.Length)));
                }
                Console.WriteLine($"ns each: two NextDouble {tRng:F1}, log+sqrt+cos {tMath:F1}, Perturb {tPerturb:F1}, a draw per field {tField:F1} ({acc > 0}{dacc > 0})");
            }
            for (var rep = 0; rep < 3; rep++)
            {
                var sw = new CpuWatch();
                for (var d = 0; d < 100; d++) for (var i = 0; i < subs.Length; i++) noisy[i].Draw(drawn[i], 0.02m, d);
                var tDraw = sw.Ms / (100.0 * subs.Length) * 1000;
                sw.Restart();
                for (var d = 0; d < 100; d++) for (var i = 0; i < subs.Length; i++) runner.Grade(prepared[i], noisy[i].Slots, drawn[i], false);
                var tGrade = sw.Ms / (100.0 * subs.Length) * 1000;
                sw.Restart();
                for (var d = 0; d < 100; d++) for (var i = 0; i < subs.Length; i++) runner.Grade(prepared[i], ReadOnlySpan<int>.Empty, ReadOnlySpan<decimal>.Empty, false);
                var tEmpty = sw.Ms / (100.0 * subs.Length) * 1000;
                sw.Restart();
                // As a cohort-relative draw does it: each subject re-scored in place on its own arrays (no copy).
                for (var d = 0; d < 100; d++) for (var i = 0; i < subs.Length; i++) runner.GradeInPlace(prepared[i], noisy[i].Slots, d % 2 == 0 ? drawn[i] : drawn2[i]);
                var tInPlace = sw.Ms / (100.0 * subs.Length) * 1000;
                for (var i = 0; i < subs.Length; i++) runner.Restore(prepared[i], noisy[i].Slots);
                sw.Restart();
                for (var d = 0; d < 10; d++) for (var i = 0; i < subs.Length; i++) rs.Score(subs[i]);
                var tScore = sw.Ms / (10.0 * subs.Length) * 1000;
                Console.WriteLine($"CPU per subject and draw: noise {tDraw:F2} us, grade-only scoring {tGrade:F2} us (nothing changed {tEmpty:F2} us), in place {tInPlace:F2} us; full Score {tScore:F2} us");
            }
            break;
        }
    case "e2e-data":
        {
            var count = int.Parse(args[1], CultureInfo.InvariantCulture);
            var dir = args[2];
            Directory.CreateDirectory(dir);
            var rs = Load(root, "cn.national.tertiary-performance@1.1.0");
            var subs = Generator.For(rs, Path.Combine(root, "examples/national/tertiary-hospital.json")).MakeMany(seed: 18, count);
            E2eData.Write(rs, subs, Path.Combine(dir, $"national-{count}"));
            Emit(new { mode, subjects = count, dir });
            break;
        }
    case "e2e-ref":
        {
            // Same-run references for the e2e section: what the machine does with the same bytes and fields without the product.
            var json = File.ReadAllBytes(args[1]);
            var outputBytes = args.Length > 2 && File.Exists(args[2]) ? new FileInfo(args[2]).Length : json.Length;
            var rs = Load(root, "cn.national.tertiary-performance@1.1.0");
            var sw = Stopwatch.StartNew();
            var table = SubmissionBatch.ReadJsonArray(json);
            var parseMs = sw.Elapsed.TotalMilliseconds;
            var subs = table.Submissions;
            // A plain C# loop over the same fields: every submitted number summed, per subject (the engine's floor).
            sw.Restart();
            decimal sum = 0;
            for (var k = 0; k < 5; k++)
                foreach (var s in subs)
                    foreach (var (_, v) in s.Values) if (v.Number is { } d) sum += d;
            var loopMs = sw.Elapsed.TotalMilliseconds / 5;
            sw.Restart();
            var cohort = rs.ScoreCohort(subs);
            var scoreMs = sw.Elapsed.TotalMilliseconds;
            // The same cohort scored again in this process, round after round: how far the first (cold) scoring is from
            // the warm one (docs/performance.md, the cold scoring phase). Wall and process CPU of each round.
            var rounds = new List<(double Wall, double Cpu)>();
            for (var k = 0; k < 6; k++)
            {
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                sw.Restart();
                _ = rs.ScoreCohort(subs).Results.Count;
                rounds.Add((sw.Elapsed.TotalMilliseconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds));
            }
            // Raw Utf8JsonWriter: as many bytes as the product's JSON output, written as objects of numbers and short texts.
            sw.Restart();
            long written;
            using (var fs = new FileStream(Path.Combine(Path.GetTempPath(), "assessment-scorer-e2e-ref.json"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            using (var w = new Utf8JsonWriter(fs))
            {
                w.WriteStartArray();
                var i = 0;
                while (w.BytesCommitted + w.BytesPending < outputBytes)
                {
                    w.WriteStartObject();
                    w.WriteString("id", "GEN-18-0000001");
                    w.WriteNumber("points", i++ % 97);
                    w.WriteString("explanation", "门诊患者满意度 92.31 ≥ 90 → 1.5/1.5");
                    w.WriteNumber("value", 0.1234m);
                    w.WriteEndObject();
                    if ((i & 1023) == 0) w.Flush();
                }
                w.WriteEndArray();
                w.Flush();
                written = w.BytesCommitted;
            }
            var writerMs = sw.Elapsed.TotalMilliseconds;
            File.Delete(Path.Combine(Path.GetTempPath(), "assessment-scorer-e2e-ref.json"));
            // The results workbook's writing by a plain streaming writer: the same sheets, rows and cells, about the same text.
            var xlsxReference = XlsxReference.Measure(rs, cohort.Results, Path.Combine(Path.GetTempPath(), "assessment-scorer-e2e-ref.xlsx"));
            // Parsing the library's way, warm: per submission.
            sw.Restart();
            for (var k = 0; k < 3; k++) SubmissionBatch.ReadJsonArray(json);
            var warmParseMs = sw.Elapsed.TotalMilliseconds / 3;
            // The parsing reference of the same run: the same bytes through a bare Utf8JsonReader loop (every token, every
            // number as a decimal, every string value as a string), the floor any parser of these bytes has here. Taken
            // alternately with the library's parse, three times each, CPU time of the process (the collector's threads too).
            var cpu = new CpuWatch();
            double parseCpuMs = 0, floorCpuMs = 0, floorMs = 0;
            var floor = JsonReaderFloor.Walk(json);
            for (var k = 0; k < 3; k++)
            {
                cpu.Restart();
                SubmissionBatch.ReadJsonArray(json);
                parseCpuMs += cpu.Ms / 3;
                cpu.Restart();
                sw.Restart();
                floor = JsonReaderFloor.Walk(json);
                floorMs += sw.Elapsed.TotalMilliseconds / 3;
                floorCpuMs += cpu.Ms / 3;
            }
            Emit(new { mode, subjects = subs.Count, inputBytes = json.Length, coldParseMs = parseMs, warmParseMs, warmParseUsPerSubmission = warmParseMs * 1000 / subs.Count,
                warmParseCpuUsPerSubmission = parseCpuMs * 1000 / subs.Count,
                jsonReaderFloorUsPerSubmission = floorMs * 1000 / floor.Submissions, jsonReaderFloorCpuUsPerSubmission = floorCpuMs * 1000 / floor.Submissions,
                warmParseOverJsonReaderFloor = warmParseMs / subs.Count / (floorMs / floor.Submissions),
                warmParseCpuOverJsonReaderFloorCpu = parseCpuMs / subs.Count / (floorCpuMs / floor.Submissions),
                plainLoopMs = loopMs, coldScoreCohortMs = scoreMs, scoreCohortRoundsMs = rounds.Select(r => Math.Round(r.Wall, 1)),
                scoreCohortRoundsCpuMs = rounds.Select(r => Math.Round(r.Cpu, 1)), rawUtf8JsonWriterMs = writerMs, rawUtf8JsonWriterBytes = written,
                rawUtf8JsonWriterMBPerS = written / 1048576.0 / (writerMs / 1000), checksum = sum % 1000, results = cohort.Results.Count, xlsxReference });
            break;
        }
    case "parse-loop":
        {
            // The library's JSON array parse alone, over and over (for perf record): CPU and bytes allocated per submission.
            var json = File.ReadAllBytes(args[1]);
            var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
            var n = SubmissionBatch.ReadJsonArray(json).Submissions.Count;
            var cpu = new CpuWatch();
            var cpuMs = new List<double>();
            var floorCpuMs = new List<double>();
            long bytes0 = GC.GetTotalAllocatedBytes(precise: true);
            for (var k = 0; k < runs; k++)
            {
                cpu.Restart();
                SubmissionBatch.ReadJsonArray(json);
                cpuMs.Add(cpu.Ms);
            }
            var allocated = (GC.GetTotalAllocatedBytes(precise: true) - bytes0) / (double)runs / n;
            for (var k = 0; k < Math.Min(runs, 5); k++)
            {
                cpu.Restart();
                JsonReaderFloor.Walk(json);
                floorCpuMs.Add(cpu.Ms);
            }
            Emit(new { mode, submissions = n, runs, cpuUsPerSubmission = cpuMs.Select(c => Math.Round(c * 1000 / n, 2)), medianCpuUs = cpuMs.Order().ElementAt(runs / 2) * 1000 / n,
                floorCpuUsPerSubmission = floorCpuMs.Select(c => Math.Round(c * 1000 / n, 2)), bytesAllocatedPerSubmission = allocated });
            break;
        }
    case "read":
        {
            var bytes = File.ReadAllBytes(args[1]);
            var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
            var rs = Load(root, "cn.national.tertiary-performance@1.1.0");
            var proc = Process.GetCurrentProcess();
            (double Wall, double Cpu, AssessmentScorer.Reports.InputBatch Batch) Once()
            {
                var cpu0 = proc.TotalProcessorTime; proc.Refresh();
                var sw = Stopwatch.StartNew();
                var batch = new AssessmentScorer.Reports.InputBatch();
                AssessmentScorer.Reports.Inputs.ReadBytes(args[1], bytes, rs, batch);
                var wall = sw.Elapsed.TotalMilliseconds;
                proc.Refresh();
                return (wall, (proc.TotalProcessorTime - cpu0).TotalMilliseconds, batch);
            }
            var cold = Once();
            var warm = new List<(double Wall, double Cpu)>();
            for (var k = 0; k < runs; k++) { var w = Once(); warm.Add((w.Wall, w.Cpu)); }
            var n = Math.Max(1, cold.Batch.Items.Count);
            var best = warm.Min(w => w.Wall);
            Emit(new { mode, file = Path.GetFileName(args[1]), bytes = bytes.Length, submissions = cold.Batch.Items.Count, problems = cold.Batch.Problems.Count,
                coldMs = cold.Wall, coldCpuMs = cold.Cpu, warmMs = warm.Select(w => w.Wall).ToArray(), warmCpuMs = warm.Select(w => w.Cpu).ToArray(),
                bestWarmUsPerSubmission = best * 1000 / n, mbPerS = bytes.Length / 1048576.0 / (best / 1000) });
            break;
        }
    case "writers":
        WritersBenchmark.Run(Load(root, "cn.national.tertiary-performance@1.1.0"), args[1], args[2], args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2);
        break;
    case "rounds-csv":
        {
            // The national cohort as one CSV upload for a round (benchmarks/run.sh --only rounds).
            var rs = Load(root, args[1]);
            var count = int.Parse(args[2], CultureInfo.InvariantCulture);
            var subs = Generator.For(rs, Path.Combine(root, "examples/national/tertiary-hospital.json")).MakeMany(seed: 1, count: count);
            File.WriteAllText(args[3], Csv.Write(subs));
            Emit(new { mode, subjects = subs.Length, year = subs[0].Year, bytes = new FileInfo(args[3]).Length });
            break;
        }
    default:
        Console.Error.WriteLine($"unknown mode '{mode}'");
        return 2;
}
return 0;

static CompiledRuleSet Load(string root, string reference)
{
    var load = RuleSetRegistry.LoadDirectory(Path.Combine(root, "rulesets"));
    return load.Registry.Resolve(reference) ?? throw new InvalidOperationException($"{reference} not found");
}

static void Emit(object o) => Console.WriteLine(JsonSerializer.Serialize(o));

// BenchmarkDotNet in process (no extra build): 15 measured iterations after 5 warm-up ones, or a short job.
static object[] RunBenchmarks(bool quick, params Type[] types)
{
    var job = (quick ? Job.ShortRun.WithIterationCount(5).WithWarmupCount(2) : Job.Default.WithIterationCount(15).WithWarmupCount(5))
        .WithToolchain(InProcessEmitToolchain.Instance).WithId(quick ? "quick" : "full");
    var config = DefaultConfig.Instance.AddJob(job).WithOptions(ConfigOptions.DisableOptimizationsValidator);
    return types.SelectMany(t => BenchmarkRunner.Run(t, config).Reports).Select(r => (object)new
    {
        benchmark = r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
        meanNs = r.ResultStatistics?.Mean,
        medianNs = r.ResultStatistics?.Median,
        stdDevNs = r.ResultStatistics?.StandardDeviation,
        perSecond = r.ResultStatistics is { } s ? 1e9 / s.Mean : (double?)null,
        allocatedBytes = r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase),
    }).ToArray();
}

/// <summary>CPU time of this process (the machine may be shared: wall time would count others' work).</summary>
sealed class CpuWatch
{
    private TimeSpan _start = Process.GetCurrentProcess().TotalProcessorTime;
    public double Ms => (Process.GetCurrentProcess().TotalProcessorTime - _start).TotalMilliseconds;
    public void Restart() => _start = Process.GetCurrentProcess().TotalProcessorTime;
}
