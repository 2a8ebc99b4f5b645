"""Reads a results workbook with openpyxl, as an assessor's spreadsheet tooling would, and checks it can be filtered,
sorted, summed and printed (A4, fitted to width, header row on every page, title and page number) without fixing it first. Prints one line per failed check and exits 1 when any failed;
prints "ok <sheets>" otherwise. Usage: python3 check_results_workbook.py results.xlsx [title]"""
import sys
import warnings

import openpyxl

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    book = openpyxl.load_workbook(sys.argv[1])
check(not caught, "openpyxl warns when reading: " + "; ".join(str(w.message) for w in caught))

STATUSES = {"已计分", "缺少数据", "不适用", "无法计算", "否决"}
YES_NO = {"是", "否", "—", None, ""}

for ws in book.worksheets:
    header = [c.value for c in ws[1]]
    check(ws.freeze_panes == "A2", f"{ws.title}: the header row is not frozen")
    check(ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A1:"), f"{ws.title}: no autofilter on the header")
    for i, h in enumerate(header, start=1):
        letter = openpyxl.utils.get_column_letter(i)
        width = ws.column_dimensions[letter].width
        need = min(sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(h)) / 2 + 1, 40)
        check(width is not None and width >= need, f"{ws.title}: column {letter} ({h}) is {width} wide, narrower than its header needs ({need})")
    # Printing: A4, fitted to the page's width (as many pages down as it takes), landscape when the columns are wide,
    # the header row repeated on every page, the title in the page header and the page number in the footer.
    setup = ws.page_setup
    check(str(setup.paperSize) == "9", f"{ws.title}: paper size {setup.paperSize!r}, not A4 (9)")
    check(ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage, f"{ws.title}: not fitted to the page")
    check(str(setup.fitToWidth) == "1" and str(setup.fitToHeight) == "0", f"{ws.title}: fits {setup.fitToWidth!r} × {setup.fitToHeight!r} pages, not one page wide")
    total_width = sum(ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width or 0 for i in range(1, len(header) + 1))
    check(setup.orientation == ("landscape" if total_width > 110 else "portrait"), f"{ws.title}: {setup.orientation!r} for columns {total_width} wide")
    check(ws.print_title_rows in ("1:1", "$1:$1"), f"{ws.title}: the header row is not repeated on printed pages ({ws.print_title_rows!r})")
    check("&A" in (ws.oddHeader.center.text or ""), f"{ws.title}: the page header does not name the sheet ({ws.oddHeader.center.text!r})")
    if len(sys.argv) > 2:
        check(sys.argv[2] in (ws.oddHeader.center.text or ""), f"{ws.title}: the page header does not carry the title {sys.argv[2]!r}")
    check("&P" in (ws.oddFooter.center.text or "") and "&N" in (ws.oddFooter.center.text or ""), f"{ws.title}: the page footer has no page number")
    if ws.max_row < 2:
        continue
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    cells = list(ws.iter_rows(min_row=2))
    col = {h: i for i, h in enumerate(header)}

    def numbers(name):
        if name not in col:
            return
        for r in rows:
            v = r[col[name]]
            check(v is None or v == "" or isinstance(v, (int, float)), f"{ws.title}: {name} holds {v!r}, text where a number belongs")

    if ws.title.startswith("汇总"):
        for n in ("总分 total", "满分 max", "排名 rank", "还差分数 points short", "数据问题 problems"):
            numbers(n)
        for r in rows:
            check(r[col["通过 passed"]] in YES_NO, f"{ws.title}: passed reads {r[col['通过 passed']]!r}, not 是/否")
            check(r[col["级别 tier"]] in {"三级", "二级", "一级", None, ""}, f"{ws.title}: tier reads {r[col['级别 tier']]!r}, not its Chinese label")
    if ws.title.startswith("指标"):
        for n in ("得分 points", "满分 max"):
            numbers(n)
        for r, cs in zip(rows, cells):
            check(r[col["状态 status"]] in STATUSES, f"{ws.title}: status reads {r[col['状态 status']]!r}")
            check(r[col["达标 met"]] in YES_NO, f"{ws.title}: met reads {r[col['达标 met']]!r}, not 是/否")
            v = cs[col["值 value"]]
            if isinstance(v.value, str):
                check(not v.value.replace(".", "", 1).replace("%", "").replace("-", "", 1).isdigit(), f"{ws.title}: value {v.value!r} is a number stored as text")
                check(v.value not in ("true", "false"), f"{ws.title}: value {v.value!r} is not 是/否")
            elif isinstance(v.value, float) and v.number_format.endswith("%"):
                check(abs(v.value) < 1000, f"{ws.title}: a percentage {v.value} is stored as a whole number")
    if ws.title.startswith("说明"):
        for i in (col["说明"], col["Explanation"]):
            check(all(c[i].alignment.wrap_text for c in cells[:50]), f"{ws.title}: explanations do not wrap")
        for r in rows:
            src = r[col["依据 source"]] or ""
            check(".txt" not in src, f"{ws.title}: source {src!r} is a file name, not the document's title")
    if ws.title.startswith("队列"):
        for n in ("范围内 in scope", "计入 counted", "值 value"):
            numbers(n)
    if ws.title.startswith("问题"):
        numbers("行 row")
        for r in rows:
            check(bool(r[col["机构编码 subject"]]) or bool(r[col["文件 file"]]), f"{ws.title}: a problem names neither its subject nor its file")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("ok " + ", ".join(ws.title for ws in book.worksheets))
