#!/usr/bin/env bash
# Runs the performance suite (docs/performance.md) and writes benchmarks/results/summary.json.
#
#   benchmarks/run.sh            full run (about 8 minutes on 2 cores)
#   benchmarks/run.sh --quick    short run (fewer iterations, 100,000-subject batch, 5 s load test)
#
# Needs the .NET 10 SDK, hyperfine and wrk (Debian: apt-get install -y hyperfine wrk), python3.
# Everything runs on this machine; the load test talks to 127.0.0.1 only. CI does not run this.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

quick=0
only=all
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=1 ;;
    --only) only="$2"; shift ;;   # cold | single | parse | cohort | apply | nrules | batch | api | sensitivity | e2e | rounds | web: rerun one section, keep the others' raw results
    *) echo "usage: benchmarks/run.sh [--quick] [--only cold|single|parse|cohort|apply|nrules|batch|api|sensitivity|e2e|rounds|web]" >&2; exit 2 ;;
  esac
  shift
done
want() { [[ $only == all || $only == "$1" ]]; }
out=${BENCH_OUT:-benchmarks/results}   # BENCH_OUT: write somewhere else (e.g. to try --quick without touching the committed results)
raw=$out/raw
mkdir -p "$raw"
[[ $only == all ]] && rm -f "$raw"/*.json "$raw"/*.jsonl "$raw"/*.txt "$raw"/*.time

for tool in hyperfine wrk python3; do
  command -v $tool >/dev/null || { echo "$tool not found (Debian: apt-get install -y hyperfine wrk python3)" >&2; exit 1; }
done

log() { echo "== $*" >&2; }
machine() {
  python3 - <<'EOF'
import json, os, platform, subprocess
cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), '?')
mem = next((int(l.split()[1]) // 1024 for l in open('/proc/meminfo') if l.startswith('MemTotal')), 0)
sdk = subprocess.run(['dotnet', '--version'], capture_output=True, text=True).stdout.strip()
print(json.dumps({"cpu": cpu, "cores": os.cpu_count(), "memoryMB": mem, "kernel": platform.release(), "dotnetSdk": sdk,
                  "loadAverageAtStart": os.getloadavg()}))
EOF
}
if [[ $only == all ]]; then machine > "$raw/machine.json"; else machine > "$raw/machine-rerun-$only.json"; fi

# ---- build (one project at a time: the machine is shared) ---------------------------------------
log "build"
dotnet build benchmarks/AssessmentScorer.Benchmarks -c Release -m:1 -v q -nologo >&2
dotnet build benchmarks/AssessmentScorer.ColdLoad -c Release -m:1 -v q -nologo >&2
dotnet build src/AssessmentScorer.Api -c Release -m:1 -v q -nologo >&2
# The CLI as published for this runtime (self-contained, one composite ReadyToRun image with the runtime's libraries:
# see its .csproj), into a folder of its own so that builds of other projects cannot touch it mid-run.
rm -rf "$out/bin/cli"
dotnet publish src/AssessmentScorer.Cli -c Release -r linux-x64 --self-contained true -o "$out/bin/cli" -m:1 -v q -nologo >&2
# The cold-load probe once more, ReadyToRun (benchmark app only; the library package is unchanged).
dotnet publish benchmarks/AssessmentScorer.ColdLoad -c Release -r linux-x64 --self-contained false \
  -p:PublishReadyToRun=true -o "$out/bin/coldload-r2r" -m:1 -v q -nologo >&2
bench="dotnet benchmarks/AssessmentScorer.Benchmarks/bin/Release/net10.0/AssessmentScorer.Benchmarks.dll"
coldjit="dotnet benchmarks/AssessmentScorer.ColdLoad/bin/Release/net10.0/AssessmentScorer.ColdLoad.dll"
coldr2r="$out/bin/coldload-r2r/AssessmentScorer.ColdLoad"

# ---- 1. cold load ---------------------------------------------------------------------------------
if want cold; then
log "cold load (hyperfine)"
runs=$([[ $quick == 1 ]] && echo 10 || echo 30)
mkdir -p "$raw/empty"
hyperfine -N --warmup 3 --runs "$runs" --export-json "$raw/hyperfine.json" \
  -n runtime-only-jit "$coldjit $raw/empty" \
  -n load-jit "$coldjit rulesets" \
  -n load-readytorun "$coldr2r rulesets" >&2
# In-process figures: the probe prints its own load time; take the median over fresh processes.
for variant in jit r2r; do
  cmd=$([[ $variant == jit ]] && echo "$coldjit" || echo "$coldr2r")
  for i in $(seq 1 "$runs"); do $cmd rulesets; done > "$raw/inproc-$variant.jsonl"
done

fi

# ---- 2. one full assessment (BenchmarkDotNet) -----------------------------------------------------
if want single; then
log "single assessment (BenchmarkDotNet)"
# One assessment on one core: the .NET default collector of a console program (workstation, concurrent). The app's
# own setting, server GC for the batch and cohort runs that use both cores, would give each gen-0 collection of a
# one-thread loop to two collector threads that wait on each other.
DOTNET_gcServer=0 DOTNET_gcConcurrent=1 $bench single $([[ $quick == 1 ]] && echo --quick) | tee "$raw/single.log" | tail -n1 > "$raw/single.json"

fi

# ---- 2b. reading one national submission from JSON (BenchmarkDotNet) ---------------------------------
if want parse; then
log "submission parsing (BenchmarkDotNet)"
DOTNET_gcServer=0 DOTNET_gcConcurrent=1 $bench parse $([[ $quick == 1 ]] && echo --quick) | tail -n1 > "$raw/parse.json"
fi

# ---- 3. national cohort -----------------------------------------------------------------------------
if want cohort; then
log "national cohort, 13,000 hospitals"
$bench cohort $([[ $quick == 1 ]] && echo --quick) | tail -n1 > "$raw/cohort.json"

fi

# ---- 3b. applying results: 13,000 national results through a 20-rule NRules pack (docs/nrules.md) ----------------
if want apply; then
log "apply, 13,000 results through 20 rules (NRules)"
$bench apply $([[ $quick == 1 ]] && echo --quick) | tail -n1 > "$raw/apply.json"

fi

# ---- 3c. the engine against NRules: 20,000 hospitals under the 亳州 rule set and its NRules encoding ---------------
# Agreement first (every indicator's status, met and points; total, grade, pass), then alternating rounds in one
# thread: engine, NRules, engine reading every explanation, NRules reading every explanation. One thread, so the
# workstation collector (non-concurrent): the process's CPU time is then the thread's work and its collections.
# NRULES_COLLECT=1: a full collection before each phase, outside its time (as BenchmarkDotNet does between
# iterations), so neither side pays for what the other left in the heap; each still pays for its own collections.
if want nrules; then
log "engine against NRules, 20,000 hospitals (cn.anhui.bozhou.qiaocheng.high-quality)"
NRULES_COLLECT=1 DOTNET_gcServer=0 DOTNET_gcConcurrent=0 $bench nrules $([[ $quick == 1 ]] && echo --quick) | tail -n1 > "$raw/nrules.json"

fi

# ---- 4. batch path: 1,000,000 subjects, peak memory --------------------------------------------------
if want batch; then
# The machine is shared: a hard GC heap cap makes an oversized run fail in this process instead of starving
# the others (an out-of-memory run is recorded as such in the summary).
export DOTNET_GCHeapHardLimit=0x280000000   # 10 GiB
count=$([[ $quick == 1 ]] && echo 100000 || echo 1000000)
log "batch, $count subjects (demo rule set, in memory)"
/usr/bin/time -v -o "$raw/batch-demo.time" $bench batch "$count" cn.demo.hospital-basics@1.0.0 | tail -n1 > "$raw/batch-demo.json" || true
ccount=$([[ $quick == 1 ]] && echo 50000 || echo 200000)
log "batch, $ccount subjects (demo rule set, through SubmissionCsv.Read)"
/usr/bin/time -v -o "$raw/batch-demo-csv.time" $bench batch "$ccount" cn.demo.hospital-basics@1.0.0 --csv | tail -n1 > "$raw/batch-demo-csv.json" || true
ncount=$([[ $quick == 1 ]] && echo 13000 || echo 50000)
log "batch, $ncount subjects (national tertiary rule set, in memory)"
/usr/bin/time -v -o "$raw/batch-national.time" $bench batch "$ncount" cn.national.tertiary-performance@1.1.0 | tail -n1 > "$raw/batch-national.json" || true
unset DOTNET_GCHeapHardLimit

fi

# ---- 5. REST API under load (127.0.0.1 only) --------------------------------------------------------
if want api; then
log "REST API load test"
$bench body cn.national.tertiary-performance@1.1.0 "$raw/national-body.json"
# The load test is one client: the per-client rate limit is turned off for it.
setsid dotnet run -c Release --no-build --project src/AssessmentScorer.Api --urls http://127.0.0.1:5080 --AssessmentScorer:Operations:PermitsPerWindow=0 > "$raw/api.log" 2>&1 &
api_pid=$!
trap 'kill -- -$api_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf http://127.0.0.1:5080/health/ready >/dev/null && break; sleep 0.5; done
curl -sf http://127.0.0.1:5080/health/ready >/dev/null || { echo "API did not start; see $raw/api.log" >&2; exit 1; }
duration=$([[ $quick == 1 ]] && echo 5s || echo 20s)
max_requests=$([[ $quick == 1 ]] && echo 200000 || echo 1000000)
load() { # name, url, body, connections, duration
  BODY_FILE="$3" MAX_REQUESTS="$max_requests" wrk -t1 -c"$4" -d"$5" --latency -s benchmarks/api/post.lua "$2" > "$raw/wrk-$1.txt"
  grep '^WRK_JSON ' "$raw/wrk-$1.txt" | sed 's/^WRK_JSON //' > "$raw/wrk-$1.json"
}
demo_url=http://127.0.0.1:5080/rulesets/cn.demo.hospital-basics/1.0.0/score
national_url=http://127.0.0.1:5080/rulesets/cn.national.tertiary-performance/1.1.0/score
load warmup "$demo_url" examples/demo/tertiary-hospital.json 8 5s     # JIT tiers settle; not reported
load warmup-national "$national_url" "$raw/national-body.json" 8 3s
load demo "$demo_url" examples/demo/tertiary-hospital.json 16 "$duration"
load demo-c8 "$demo_url" examples/demo/tertiary-hospital.json 8 "$duration"
load national "$national_url" "$raw/national-body.json" 16 "$duration"
kill -- -$api_pid 2>/dev/null || true
trap - EXIT
wait $api_pid 2>/dev/null || true
fi

# ---- 6. sensitivity (the CLI, as a user runs it) -----------------------------------------------------
if want sensitivity; then
log "sensitivity: the 32-hospital example cohorts and two generated 13,000-hospital cohorts"
cli="$out/bin/cli/assessment-scorer"
cohorts=$out/bin/cohorts   # generated, not committed
mkdir -p "$cohorts"
$bench write-cohort cn.national.tertiary-performance@1.1.0 examples/national/tertiary-hospital.json 13000 1 "$cohorts/national-13000.csv"
$bench write-cohort cn.anhui.bozhou.qiaocheng.high-quality@1.0.0 examples/qiaocheng/tertiary-hospital.json 13000 1 "$cohorts/qiaocheng-13000.csv"
sens() { # name, rule set, cohort file: one timed run (default 2% noise, 1,000 draws, seed 1), load average before and after
  local before; before=$(cut -d' ' -f1-3 /proc/loadavg)
  /usr/bin/time -f '%e %U %S %M' -o "$raw/sensitivity-$1.time" $cli sensitivity --rulesets rulesets -r "$2" --format json "$3" > "$raw/sensitivity-$1.out.json"
  python3 - "$1" "$2" "$3" "$before" "$raw" <<'PY'
import json, os, sys
name, ruleset, cohort, before, raw = sys.argv[1:6]
wall, user, system, rss = open(os.path.join(raw, f"sensitivity-{name}.time")).read().split()[-4:]
out = json.load(open(os.path.join(raw, f"sensitivity-{name}.out.json"), encoding="utf-8"))
moved = sum(1 for s in out["subjects"] if s["stability"] < 1)
json.dump({"name": name, "ruleSet": ruleset, "cohort": cohort, "subjects": len(out["subjects"]), "draws": out["options"]["draws"],
           "subjectsWhoseGradeMoves": moved, "flips": sum(1 for s in out["subjects"] if s["smallestFlip"]),
           "wallS": float(wall), "userS": float(user), "systemS": float(system), "maxRssMB": int(rss) / 1024,
           "loadAverageBefore": [float(x) for x in before.split()], "loadAverageAfter": list(os.getloadavg())},
          open(os.path.join(raw, f"sensitivity-{name}.json"), "w"))
PY
  rm -f "$raw/sensitivity-$1.out.json"
}
sens qiaocheng-32 cn.anhui.bozhou.qiaocheng.high-quality@1.0.0 examples/qiaocheng/cohort.json
sens leshan-32 cn.sichuan.leshan.shizhong.high-quality@1.0.0 examples/leshan/district-cohort.json
sens national-32 cn.national.tertiary-performance@1.1.0 examples/national/tertiary-cohort.json
sens national-13000 cn.national.tertiary-performance@1.1.0 "$cohorts/national-13000.csv"
sens qiaocheng-13000 cn.anhui.bozhou.qiaocheng.high-quality@1.0.0 "$cohorts/qiaocheng-13000.csv"
fi

# ---- 7. end to end: the whole CLI process over generated national cohorts (1k/4k/13k/52k) ---------------
# CSV → CSV, xlsx → xlsx, JSON → JSON (full, indicators, summary), JSON lines, JSON → CSV, JSON → HTML and one
# demo score, each with its wall time, CPU, peak memory and the load average; with same-run references (bare dotnet
# start, file copy, raw Utf8JsonWriter, a plain loop over the fields). The cohorts go to $E2E_DATA (default /tmp).
if want e2e; then
log "end to end (whole CLI process)"
dotnet build benchmarks/AssessmentScorer.WebBench -c Release -m:1 -v q -nologo >&2
E2E_REPORT_BENCH="dotnet benchmarks/AssessmentScorer.WebBench/bin/Release/net10.0/AssessmentScorer.WebBench.dll" \
  python3 benchmarks/e2e.py "$raw" "$bench" "$out/bin/cli/assessment-scorer" "$quick"
# The results workbook of the 13,000-hospital cohort opened by LibreOffice: its summary sheet's totals and grades
# must be those of the JSON (Debian: apt-get install -y libreoffice-calc-nogui; skipped, and said so, without it).
python3 benchmarks/xlsx_check.py "$raw" >&2 || true
fi

# ---- 8. an assessment round: 13,000 hospitals uploaded as CSV and scored (docs/rounds.md) ------------------------
if want rounds; then
log "round: 13,000 national hospitals uploaded as CSV and scored"
$bench rounds-csv cn.national.tertiary-performance@1.1.0 13000 "$raw/round-13000.csv" | tail -n1 > "$raw/round-csv.json"
year=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['year'])" "$raw/round-csv.json")
store=$(mktemp -d)
key=bench-admin-key-$(date +%s%N)
AssessmentScorer__Store__Path="$store/store.db" AssessmentScorer__Store__AdminKey="$key" \
  setsid dotnet run -c Release --no-build --project src/AssessmentScorer.Api --urls http://127.0.0.1:5081 --AssessmentScorer:Operations:PermitsPerWindow=0 > "$raw/rounds-api.log" 2>&1 &
api_pid=$!
trap 'kill -- -$api_pid 2>/dev/null || true; rm -rf "$store"' EXIT
for _ in $(seq 1 120); do curl -sf http://127.0.0.1:5081/health/ready >/dev/null && break; sleep 0.5; done
round=$(curl -sf -X POST -H "X-Api-Key: $key" -H 'Content-Type: application/json' \
  -d "{\"scheme\":\"cn.national.tertiary-performance\",\"version\":\"1.1.0\",\"year\":$year,\"name\":\"benchmark\"}" http://127.0.0.1:5081/rounds |
  python3 -c "import json,sys; print(json.load(sys.stdin)['id'])")
# Timed from the start of the upload to the first page of results (which waits for the computation covering the upload).
start=$(date +%s.%N)
curl -sf -X POST -H "X-Api-Key: $key" -H 'Content-Type: text/csv' --data-binary @"$raw/round-13000.csv" \
  "http://127.0.0.1:5081/rounds/$round/submissions" -o "$raw/round-receipt.json"
uploaded=$(date +%s.%N)
curl -sf -H "X-Api-Key: $key" "http://127.0.0.1:5081/rounds/$round/results?limit=1" -o "$raw/round-results.json"
scored=$(date +%s.%N)
python3 - "$raw" "$start" "$uploaded" "$scored" > "$raw/rounds.json" <<'PY'
import json, os, sys
raw, start, uploaded, scored = sys.argv[1], *map(float, sys.argv[2:])
receipt = json.load(open(f"{raw}/round-receipt.json")); results = json.load(open(f"{raw}/round-results.json"))
print(json.dumps({"subjects": len(receipt["accepted"]), "rejected": len(receipt["rejected"]), "csvBytes": os.path.getsize(f"{raw}/round-13000.csv"),
                  "uploadSeconds": round(uploaded - start, 2), "scoredSeconds": round(scored - start, 2), "resultsTotal": results["page"]["total"],
                  "loadAverage": os.getloadavg()}))
PY
cat "$raw/rounds.json" >&2
kill -- -$api_pid 2>/dev/null || true
trap - EXIT
wait $api_pid 2>/dev/null || true
rm -rf "$store"
fi

# ---- 9. web interface: the results page of a 13,000-hospital cohort in headless chromium ----------
if want web; then
log "web interface, results page of 13,000 hospitals (Debian's chromium)"
[[ -x /usr/bin/chromium || -n ${CHROMIUM_PATH:-} ]] || { echo "chromium not found (Debian: apt-get install -y chromium)" >&2; exit 1; }
dotnet build benchmarks/AssessmentScorer.WebBench -c Release -m:1 -v q -nologo >&2
$bench cohort-csv 13000 "$raw/web-cohort.csv"
# A port no other program holds (a host already listening elsewhere would be measured instead).
web_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
setsid dotnet run -c Release --no-build --project src/AssessmentScorer.Api --urls "http://127.0.0.1:$web_port" > "$raw/web.log" 2>&1 &
web_pid=$!
trap 'kill -- -$web_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$web_port/health/ready" >/dev/null && break; sleep 0.5; done
python3 -c 'import json, os; print(json.dumps({"loadAverageBefore": os.getloadavg()}))' > "$raw/web-load.json"
dotnet benchmarks/AssessmentScorer.WebBench/bin/Release/net10.0/AssessmentScorer.WebBench.dll "http://127.0.0.1:$web_port" "$raw/web-cohort.csv" \
  $([[ $quick == 1 ]] && echo 3 || echo 10) | tail -n1 > "$raw/web.json"
kill -- -$web_pid 2>/dev/null || true
trap - EXIT
wait $web_pid 2>/dev/null || true
rm -f "$raw/web-cohort.csv"
fi

# ---- summary ---------------------------------------------------------------------------------------
python3 benchmarks/summarize.py "$raw" "$quick" > "$out/summary.json"
log "wrote $out/summary.json"
cat "$out/summary.json"
