#!/usr/bin/env python3
"""Collects benchmarks/results/raw/* (written by run.sh) into one JSON summary with each goal met or missed."""
import json
import os
import re
import statistics
import sys

raw, quick = sys.argv[1], sys.argv[2] == "1"


def load(name):
    path = os.path.join(raw, name)
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return None
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return None  # the run failed (e.g. out of memory under the heap cap); its .time/.log file says how


def peak_rss_mb(name):
    path = os.path.join(raw, name)
    if not os.path.exists(path):
        return None
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(path, encoding="utf-8").read())
    return int(m.group(1)) / 1024 if m else None


def inproc(variant):
    if not os.path.exists(os.path.join(raw, f"inproc-{variant}.jsonl")):
        return None
    rows = [json.loads(l) for l in open(os.path.join(raw, f"inproc-{variant}.jsonl"), encoding="utf-8") if l.strip()]
    return {"runs": len(rows), "medianLoadMs": statistics.median(r["loadMs"] for r in rows),
            "minLoadMs": min(r["loadMs"] for r in rows), "medianSinceProcessStartMs": statistics.median(r["sinceProcessStartMs"] for r in rows)}


summary = {"quick": quick, "machine": load("machine.json"), "goals": []}
# Sections rerun alone (run.sh --only <section>) record the machine state at their start.
summary["reruns"] = {f[len("machine-rerun-"):-5]: load(f) for f in sorted(os.listdir(raw)) if f.startswith("machine-rerun-")}

# 1. cold load
hf = load("hyperfine.json")
def hf_ms(name):
    # run.sh names each hyperfine command (-n); the commands themselves are in run.sh.
    for r in (hf or {}).get("results", []):
        if r["command"] == name:
            return {"meanMs": r["mean"] * 1000, "medianMs": r["median"] * 1000, "minMs": r["min"] * 1000, "maxMs": r["max"] * 1000,
                    "stddevMs": r["stddev"] * 1000, "userMs": r["user"] * 1000, "systemMs": r["system"] * 1000}
    return None
cold = {
    "runtimeOnlyJit": hf_ms("runtime-only-jit"),
    "processJit": hf_ms("load-jit"),
    "processReadyToRun": hf_ms("load-readytorun"),
    "inProcessJit": inproc("jit"),
    "inProcessReadyToRun": inproc("r2r"),
}
best = cold["processReadyToRun"]["meanMs"] if cold["processReadyToRun"] else None
summary["goals"].append({"goal": "load and compile every bundled rule set, cold process", "target": "< 200 ms",
                         "measuredMs": best, "met": best is not None and best < 200, "detail": cold})

# 2. single assessment
single = load("single.json")
rows = {r["benchmark"]: r for r in (single or {}).get("results", [])}
nat = rows.get("NationalTertiary_Score")
summary["goals"].append({"goal": "one full assessment, cn.national.tertiary-performance@1.1.0", "target": ">= 200,000/s on one core (<= 5 us)",
                         "measuredMeanNs": nat and nat["meanNs"], "measuredMedianNs": nat and nat["medianNs"], "perSecond": nat and nat["perSecond"],
                         "allocatedBytes": nat and nat["allocatedBytes"], "met": bool(nat) and nat["meanNs"] <= 5000, "detail": list(rows.values())})

# 3. cohort
cohort = load("cohort.json")
summary["goals"].append({"goal": "national cohort: 13,000 hospitals scored and percentile-graded per stratum", "target": "< 100 ms",
                         "measuredMedianMs": cohort and cohort["medianMs"], "measuredMeanMs": cohort and cohort.get("meanMs"),
                         "met": bool(cohort) and cohort["medianMs"] < 100 and cohort.get("meanMs", 1e9) < 100, "detail": cohort})

# 4. batch
batches = {}
for name in ("batch-demo", "batch-demo-csv", "batch-national"):
    b = load(name + ".json")
    if b:
        b["peakRssMB_timev"] = peak_rss_mb(name + ".time")
        batches[name] = b
demo = batches.get("batch-demo")
summary["goals"].append({"goal": "1,000,000 generated subjects through the batch path (subjects generated as read, ScoreCohort, every result read)",
                         "target": "< 5 s, peak memory < 2 GB",
                         "subjects": demo and demo["subjects"], "measuredMs": demo and demo["totalMs"], "measuredScoreCohortMs": demo and demo["scoreCohortMs"],
                         "peakRssMB": demo and demo["peakRssMB_timev"],
                         "met": bool(demo) and demo["subjects"] >= 1_000_000 and demo["totalMs"] < 5000 and (demo["peakRssMB_timev"] or 1e9) < 2048,
                         "detail": batches})

# 4b. applying results (AssessmentScorer.NRules)
apply = load("apply.json")
summary["goals"].append({"goal": "13,000 national results through a 20-rule NRules pack (ResultRules.Apply, one thread)", "target": "<= 1 s",
                         "measuredMedianMs": apply and apply["medianMs"],
                         "met": bool(apply) and apply["medianMs"] <= 1000, "detail": apply})

# 4c. the engine against NRules (the 亳州 rule set encoded as NRules rules, benchmarks/Qiaocheng)
nr = load("nrules.json")
summary["goals"].append({"goal": "the engine against the NRules encoding of the 亳州 rule set, 20,000 hospitals, one thread: how many times faster (NRules CPU ÷ engine CPU)",
                         "target": ">= 10x with results only and with every explanation read",
                         "measuredResultsOnly": nr and nr["ratioResultsOnly"], "measuredExplanationsRead": nr and nr["ratioExplanationsRead"],
                         # the same rules as a program written by hand, with no rules engine (QcDirect), against NRules: the reference for both ratios
                         "handWrittenReferenceResultsOnly": nr and nr.get("direct", {}).get("ratioResultsOnly"),
                         "handWrittenReferenceExplanationsRead": nr and nr.get("direct", {}).get("ratioExplanationsRead"),
                         "met": bool(nr) and nr["ratioResultsOnly"] >= 10 and nr["ratioExplanationsRead"] >= 10, "detail": nr})

# 5. API
api = {n: load(f"wrk-{n}.json") for n in ("demo", "demo-c8", "national")}
for v in api.values():
    if v:
        v["requestsPerSecond"] = v["requests"] / (v["durationUs"] / 1e6)
for name, conns in (("demo-c8", 8), ("demo", 16)):
    d = api.get(name)
    summary["goals"].append({"goal": f"REST API single-submission scoring over loopback, both cores (demo submission, {conns} connections)",
                             "target": ">= 10,000 requests/s with p99 < 10 ms",
                             "requestsPerSecond": d and d["requestsPerSecond"], "p99Ms": d and d["p99Us"] / 1000,
                             "met": bool(d) and d["requestsPerSecond"] >= 10000 and d["p99Us"] < 10000 and d["non2xx"] == 0 and d["socketErrors"] == 0,
                             "detail": d})
summary["apiNational16Connections"] = api.get("national")

# 6. sensitivity
sens = {n: load(f"sensitivity-{n}.json") for n in ("qiaocheng-32", "leshan-32", "national-32", "national-13000", "qiaocheng-13000")}
small = [v for k, v in sens.items() if k.endswith("-32") and v]
summary["goals"].append({"goal": "sensitivity (CLI, 2% noise, 1,000 draws) on the 32-hospital example cohorts", "target": "seconds",
                         "measuredWallS": {k: v and v["wallS"] for k, v in sens.items() if k.endswith("-32")},
                         "met": len(small) == 3 and all(v["wallS"] < 10 for v in small), "detail": small})
for name in ("national-13000", "qiaocheng-13000"):
    v = sens[name]
    summary["goals"].append({"goal": f"sensitivity (CLI, 2% noise, 1,000 draws) on a generated 13,000-hospital cohort ({name})", "target": "< 60 s on 2 cores",
                             "measuredWallS": v and v["wallS"], "met": bool(v) and v["wallS"] < 60, "detail": v})
# 2b. parsing one national submission
parse = load("parse.json")
prow = next((r for r in (parse or {}).get("results", []) if r["benchmark"] == "NationalSubmission_ParseJson"), None)
summary["goals"].append({"goal": "JSON submission parsing in the library (one national submission, Submission.ParseJson)", "target": "<= 10 us",
                         "measuredMeanNs": prow and prow["meanNs"], "allocatedBytes": prow and prow["allocatedBytes"],
                         "met": bool(prow) and prow["meanNs"] <= 10000, "detail": prow})

# 6. end to end (issue 18): whole CLI process, 13,000 national tertiary hospitals; ratios to same-run references
e2e = load("e2e.json")
if e2e:
    bare = e2e["references"]["bareDotnetStart"]["wallS"]
    paths = e2e["paths"]
    goals = [("csv-csv", "CSV -> CSV, whole process", 1.5), ("xlsx-xlsx", "xlsx -> xlsx, whole process", 3.0),
             ("json-json-full", "JSON -> JSON (full explained results), whole process", 3.0), ("demo-score", "one demo submission, whole process", 0.25)]
    for key, goal, target in goals:
        m = paths.get(key)
        if not m:
            continue
        summary["goals"].append({"goal": goal, "target": f"<= {target} s, peak memory <= 1 GB", "wallS": m["wallS"], "cpuS": m["cpuS"],
                                 "peakRssMB": m["peakRssMB"], "loadAverage": m["load"], "ratioToBareDotnetStart": m["wallS"] / bare if bare else None,
                                 "met": m["wallS"] <= target and m["peakRssMB"] <= 1024, "phases": m.get("phases")})
    summary["e2e"] = e2e
summary["xlsxLibreOfficeCheck"] = load("xlsx-check.json")
# 8. an assessment round (issue 19): 13,000 hospitals uploaded as CSV to the API, stored and scored
rounds = load("rounds.json")
summary["goals"].append({"goal": "assessment round: 13,000 hospitals uploaded (CSV) to POST /rounds/{id}/submissions, stored durably and scored (first page of results)",
                         "target": "<= 15 s", "uploadS": rounds and rounds["uploadSeconds"], "scoredS": rounds and rounds["scoredSeconds"],
                         "subjects": rounds and rounds["subjects"], "rejected": rounds and rounds["rejected"],
                         "loadAverage": rounds and rounds.get("loadAverage"), "machineAtStart": summary["reruns"].get("rounds"),
                         "met": bool(rounds) and rounds["subjects"] == 13000 and rounds["resultsTotal"] == 13000 and rounds["scoredSeconds"] <= 15,
                         "detail": rounds})
web = load("web.json")
summary["goals"].append({"goal": "web interface: results page of a 13,000-hospital cohort first renders (headless chromium, click to first row)",
                         "target": "< 1500 ms",
                         "firstRenderMs": web and web["firstRenderMs"], "reopenMedianMs": web and web["reopenMedianMs"],
                         "met": bool(web) and web["firstRenderMs"] < 1500,
                         "detail": web, "load": load("web-load.json")})
summary["loadAverageAtEnd"] = os.getloadavg()
print(json.dumps(summary, indent=2, ensure_ascii=False))
