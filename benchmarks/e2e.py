#!/usr/bin/env python3
"""The e2e section of benchmarks/run.sh: whole-process CLI paths over a generated national tertiary cohort.

usage: benchmarks/e2e.py <raw-dir> <bench-command> <cli-command> <quick 0|1>

Writes <raw-dir>/e2e.json: for each path and cohort size, wall time (median of the runs), user+system CPU, peak
resident memory (/usr/bin/time), the load average when it ran, and the same-run references: a bare `dotnet` start,
file-copy throughput, raw Utf8JsonWriter throughput, a plain C# loop over the same fields, a bare Utf8JsonReader walk
of the same JSON (the parsing floor; warmParseOverJsonReaderFloor in references) and the results workbook's sheets,
rows and cells written by SpreadCheetah (the xlsx path's writing phase as a ratio to it under references.xlsxWriting)
(benchmark app, e2e-ref).
"""
import json, os, re, shlex, statistics, subprocess, sys, tempfile, time

raw, bench, cli, quick = sys.argv[1], shlex.split(sys.argv[2]), shlex.split(sys.argv[3]), sys.argv[4] == "1"
data = os.environ.get("E2E_DATA") or os.path.join(tempfile.gettempdir(), "assessment-scorer-e2e")
out = os.path.join(data, "out")
os.makedirs(out, exist_ok=True)
R = "cn.national.tertiary-performance@1.1.0"
sizes = [1000, 4000, 13000] if quick else [1000, 4000, 13000, 52000]
runs13 = int(os.environ.get("E2E_RUNS") or (1 if quick else 3))

def load():
    return round(os.getloadavg()[0], 2)

def timed(cmd, env=None):
    """One run under /usr/bin/time: wall s, cpu s, peak RSS MB, exit code."""
    fmt = "E2E %e %U %S %M"
    p = subprocess.run(["/usr/bin/time", "-f", fmt] + cmd, capture_output=True, text=True, env=env)
    line = [l for l in p.stderr.splitlines() if l.startswith("E2E ")][-1].split()
    timings = [l for l in p.stderr.splitlines() if l.startswith("timings:")]
    return {"wallS": float(line[1]), "cpuS": float(line[2]) + float(line[3]), "peakRssMB": int(line[4]) / 1024, "exit": p.returncode,
            "load": load(), "phases": timings[-1] if timings else None}

def measure(name, cmd, n):
    env = dict(os.environ, ASSESSMENT_SCORER_TIMINGS="1")
    results = [timed(cmd, env) for _ in range(n)]
    wall = statistics.median(r["wallS"] for r in results)
    best = min(results, key=lambda r: abs(r["wallS"] - wall))
    print(f"== e2e {name}: {wall:.2f} s, {best['peakRssMB']:.0f} MB, load {best['load']}", file=sys.stderr)
    return dict(best, wallS=wall, runs=[r["wallS"] for r in results])

for n in sizes:
    if not os.path.exists(os.path.join(data, f"national-{n}.xlsx")):
        subprocess.run(bench + ["e2e-data", str(n), data], check=True, stdout=subprocess.DEVNULL)

def stem(n): return os.path.join(data, f"national-{n}")

def paths(n):
    s = stem(n)
    return {
        "csv-csv": cli + ["score", "--ruleset", R, "--format", "csv", "--out", f"{out}/{n}.csv", s + ".csv"],
        "xlsx-xlsx": cli + ["score", "--ruleset", R, "--format", "xlsx", "--out", f"{out}/{n}.xlsx", s + ".xlsx"],
        "json-json-full": cli + ["score", "--ruleset", R, "--format", "json", "--out", f"{out}/{n}.json", s + ".json"],
        "json-json-summary": cli + ["score", "--ruleset", R, "--format", "json", "--detail", "summary", "--out", f"{out}/{n}.summary.json", s + ".json"],
        "json-json-indicators": cli + ["score", "--ruleset", R, "--format", "json", "--detail", "indicators", "--out", f"{out}/{n}.indicators.json", s + ".json"],
        "jsonl-jsonl-summary": cli + ["score", "--ruleset", R, "--format", "jsonl", "--detail", "summary", "--out", f"{out}/{n}.summary.jsonl", s + ".jsonl"],
        "json-csv": cli + ["score", "--ruleset", R, "--format", "csv", "--out", f"{out}/{n}.from-json.csv", s + ".json"],
        "json-html": cli + ["score", "--ruleset", R, "--format", "html", "--out", f"{out}/{n}.html", s + ".json"],
    }

result = {"loadAtStart": load(), "sizes": sizes, "paths": {}, "linearity": {}, "references": {}}

# References measured in this run.
empty = os.path.join(data, "empty")
os.makedirs(empty, exist_ok=True)
result["references"]["bareDotnetStart"] = measure("bare dotnet start", ["dotnet", "--version"], 5)
t0 = time.perf_counter()
subprocess.run(["cp", stem(13000) + ".json", f"{out}/copy.json"], check=True)
copy_s = time.perf_counter() - t0
result["references"]["fileCopy"] = {"bytes": os.path.getsize(stem(13000) + ".json"), "seconds": copy_s}

demo = cli + ["score", "--ruleset", "cn.demo.hospital-basics@latest", "examples/demo/tertiary-hospital.json"]
result["paths"]["demo-score"] = measure("single demo score", demo, 10)

for name, cmd in paths(13000).items():
    result["paths"][name] = measure(f"{name} 13k", cmd, runs13)
    dest = cmd[cmd.index("--out") + 1]
    result["paths"][name]["outputBytes"] = os.path.getsize(dest) if os.path.exists(dest) else None

# In-process references, after the 13k paths so that the raw Utf8JsonWriter writes as many bytes as the product's JSON
# full output (the file is there by now).
ref = subprocess.run(bench + ["e2e-ref", stem(13000) + ".json", f"{out}/13000.json"], capture_output=True, text=True)
result["references"]["inProcess"] = json.loads(ref.stdout.strip().splitlines()[-1]) if ref.returncode == 0 else {"error": ref.stderr[-2000:]}
# The parse against its floor in the same run: warm SubmissionBatch.ReadJsonArray ÷ a bare Utf8JsonReader walk of the same bytes.
inproc = result["references"]["inProcess"]
if "warmParseOverJsonReaderFloor" in inproc:
    result["references"]["warmParseOverJsonReaderFloor"] = inproc["warmParseOverJsonReaderFloor"]
    result["references"]["warmParseCpuOverJsonReaderFloorCpu"] = inproc.get("warmParseCpuOverJsonReaderFloorCpu")
    print(f"== e2e warm JSON parse {inproc['warmParseUsPerSubmission']:.1f} us per submission, bare Utf8JsonReader "
          f"{inproc['jsonReaderFloorUsPerSubmission']:.1f} us: {inproc['warmParseOverJsonReaderFloor']:.2f}x "
          f"(CPU {inproc['warmParseCpuUsPerSubmission']:.1f} against {inproc['jsonReaderFloorCpuUsPerSubmission']:.1f} us: {inproc['warmParseCpuOverJsonReaderFloorCpu']:.2f}x)", file=sys.stderr)

# The xlsx path's writing phase beside the same-run reference (e2e-ref's xlsxReference: the same sheets, rows and cells
# written by SpreadCheetah, its warm runs' median): the product's writing as a ratio, wall and CPU, which travels
# between machines better than either figure alone.
def writing_phase(phases):
    m = re.search(r"writing (\d+) ms \(cpu (\d+) ms", phases or "")
    return (int(m.group(1)), int(m.group(2))) if m else None

xref = result["references"]["inProcess"].get("xlsxReference") if isinstance(result["references"]["inProcess"], dict) else None
writing = writing_phase(result["paths"]["xlsx-xlsx"].get("phases"))
if xref and writing:
    warm = xref["runs"][1:] or xref["runs"]
    ref_wall = statistics.median(r["wallMs"] for r in warm)
    ref_cpu = statistics.median(r["cpuMs"] for r in warm)
    result["references"]["xlsxWriting"] = {
        "productWritingMs": writing[0], "productWritingCpuMs": writing[1], "referenceWallMs": ref_wall, "referenceCpuMs": ref_cpu,
        "wallRatio": round(writing[0] / ref_wall, 2), "cpuRatio": round(writing[1] / ref_cpu, 2),
        "referenceRows": xref["rows"], "referenceCells": xref["cells"], "referenceTextBytes": xref["textBytes"], "writer": xref["writer"]}
    print(f"== e2e xlsx writing: {writing[0]} ms ({writing[1]} ms CPU) = {writing[0] / ref_wall:.2f}x wall, {writing[1] / ref_cpu:.2f}x CPU "
          f"of {xref['writer']} ({ref_wall:.0f} ms, {ref_cpu:.0f} ms CPU)", file=sys.stderr)

for name in ["csv-csv", "json-csv", "json-json-summary", "xlsx-xlsx"]:
    result["linearity"][name] = {}
    for n in sizes:
        if n == 52000 and name == "xlsx-xlsx":
            continue   # 52,000 × 56 indicator rows pass a sheet's 1,048,576-row limit
        m = result["paths"][name] if n == 13000 else measure(f"{name} {n}", paths(n)[name], 1)
        result["linearity"][name][str(n)] = {"wallS": m["wallS"], "cpuS": m["cpuS"], "peakRssMB": m["peakRssMB"], "load": m["load"]}

# The API: the whole 13,000-hospital cohort in one request (goal <= 4 s to the last byte, API memory <= 1 GB). The
# Release API (benchmarks/run.sh builds it) runs as its own process; curl posts each body once after a warm-up that
# posts each detail level once (kept as apiFirstAfterStart), and the API's peak resident memory (VmHWM) and CPU come
# from /proc. E2E_API=0 skips this part.
def proc_cpu_s(pid):
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")

def proc_hwm_mb(pid):
    for l in open(f"/proc/{pid}/status"):
        if l.startswith("VmHWM:"):
            return int(l.split()[1]) / 1024
    return None

api_dll = os.environ.get("E2E_API_DLL") or "src/AssessmentScorer.Api/bin/Release/net10.0/AssessmentScorer.Api.dll"
if os.environ.get("E2E_API", "1") != "0" and os.path.exists(api_dll):
    port = os.environ.get("E2E_API_PORT") or "5082"
    base = f"http://127.0.0.1:{port}"
    api = subprocess.Popen(["dotnet", api_dll, "--urls", base, "--AssessmentScorer:Operations:PermitsPerWindow=0"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ, ASPNETCORE_ENVIRONMENT="Production"))
    try:
        for _ in range(240):
            if subprocess.run(["curl", "-sf", base + "/health/ready"], capture_output=True).returncode == 0:
                break
            time.sleep(0.5)
        url = base + "/rulesets/cn.national.tertiary-performance/1.1.0/score/batch"
        bodies = {"csv": (stem(13000) + ".csv", "text/csv"), "json": (stem(13000) + ".json", "application/json"),
                  "jsonl": (stem(13000) + ".jsonl", "application/x-ndjson")}
        def post(kind, detail):
            body, media = bodies[kind]
            dest = f"{out}/api-{kind}-{detail}.json"
            cpu0 = proc_cpu_s(api.pid)
            p = subprocess.run(["curl", "-s", "-o", dest, "-w", "%{http_code} %{time_starttransfer} %{time_total} %{size_download}",
                                "-H", f"Content-Type: {media}", "--data-binary", "@" + body, f"{url}?detail={detail}"], capture_output=True, text=True)
            code, first, total, size = p.stdout.split()
            r = {"status": int(code), "firstByteS": float(first), "lastByteS": float(total), "bytes": int(float(size)),
                 "apiCpuS": round(proc_cpu_s(api.pid) - cpu0, 2), "apiPeakRssMB": proc_hwm_mb(api.pid), "load": load()}
            print(f"== e2e api {kind} {detail} 13k: {r['lastByteS']:.2f} s to the last byte, {r['status']}, API peak {r['apiPeakRssMB']:.0f} MB, load {r['load']}", file=sys.stderr)
            return r
        # Warm-up: a running API has compiled its paths, so each detail level is posted once first (its figures are
        # kept as the first request after start: "firstAfterStart"); then the timed requests.
        result["apiFirstAfterStart"] = {f"{k}-{d}": post(k, d) for k, d in [("csv", "summary"), ("csv", "indicators"), ("csv", "full")]}
        result["api"] = {f"{k}-{d}": post(k, d) for k, d in [("csv", "summary"), ("json", "summary"), ("jsonl", "summary"), ("csv", "indicators"), ("csv", "full"), ("json", "full")]}
    finally:
        api.terminate()
        api.wait()
# The 13,000-hospital HTML report in Debian's headless chromium: first paint of the cohort page, the table drawn (load
# event), a hospital's detail shown after a click (20 hospitals), totals and grades checked against the JSON results.
report_bench = os.environ.get("E2E_REPORT_BENCH")
if report_bench and os.path.exists(f"{out}/13000.html") and os.path.exists(f"{out}/13000.summary.json"):
    p = subprocess.run(shlex.split(report_bench) + ["report", f"{out}/13000.html", f"{out}/13000.summary.json", "20"], capture_output=True, text=True)
    lines = p.stdout.strip().splitlines()
    result["htmlInChromium"] = json.loads(lines[-1]) if lines else {"error": p.stderr[-2000:]}
    print(f"== e2e html in chromium: {result['htmlInChromium']}", file=sys.stderr)

result["loadAtEnd"] = load()
json.dump(result, open(os.path.join(raw, "e2e.json"), "w"), indent=1)
