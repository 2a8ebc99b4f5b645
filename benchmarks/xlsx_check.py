#!/usr/bin/env python3
"""Opens the e2e results workbook (13,000 hospitals) with LibreOffice and compares its summary sheet with the JSON.

usage: benchmarks/xlsx_check.py <raw-dir>     writes <raw-dir>/xlsx-check.json
"""
import csv, json, os, shutil, subprocess, sys, tempfile, time

raw = sys.argv[1]
data = os.environ.get("E2E_DATA") or os.path.join(tempfile.gettempdir(), "assessment-scorer-e2e")
book, full = os.path.join(data, "out", "13000.xlsx"), os.path.join(data, "out", "13000.summary.json")
office = shutil.which("libreoffice") or shutil.which("soffice")
report = {"workbook": book, "libreoffice": office}
if office is None or not os.path.exists(book):
    report["skipped"] = "libreoffice (Debian libreoffice-calc-nogui) or the workbook is missing"
else:
    out = tempfile.mkdtemp()
    t0 = time.perf_counter()
    # Sheet 1 (汇总 Summary) as UTF-8 CSV.
    p = subprocess.run([office, "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,1",
                        "--outdir", out, book], capture_output=True, text=True, timeout=1800)
    report["convertSeconds"] = time.perf_counter() - t0
    files = [f for f in os.listdir(out) if f.endswith(".csv")]
    if p.returncode != 0 or not files:
        report["error"] = (p.stdout + p.stderr)[-2000:]
    else:
        rows = list(csv.reader(open(os.path.join(out, sorted(files)[0]), encoding="utf-8-sig")))
        results = json.load(open(full))["results"]
        header = rows[0]
        ti, gi = header.index("总分 total"), header.index("等级 grade")
        differ = [r[0] for r, j in zip(rows[1:], results)
                  if abs(float(r[ti]) - float(j["total"])) > 1e-9 or (r[gi] or None) != j["grade"] or r[0] != j["subject"]["id"]]
        report.update(rows=len(rows) - 1, results=len(results), differ=len(differ), firstDiffer=differ[:5])
    shutil.rmtree(out, ignore_errors=True)
json.dump(report, open(os.path.join(raw, "xlsx-check.json"), "w"), indent=1)
print(json.dumps(report))
sys.exit(0 if report.get("differ") == 0 else 1)
