"""Verdicts against issue 18's budgets, and the result files (Markdown and JSON).

Rendered pages are judged against the signed-in floor measured next to them; kept pages against
the 25-row floor measured next to them, as before. Ratios, not requests/s, are what count: the
machine is shared, and a page and the floors around it are slowed alike.
"""
from __future__ import annotations

import json
from pathlib import Path

from bench.pages import BUDGETS, KEPT_BUDGETS, MAX_QUERIES, MAX_SIZE_FACTOR

# The two ways each page is loaded: asked again unchanged (a kept page answers), and with a
# new URL every time (queried and rendered each time, as the first view after a change).
MEASURES = {"load": "asked again unchanged, a kept page answering", "rendered": "rendered for every request"}
# Which floor each measure is judged against, and the budgets.
JUDGED_BY = {"load": ("floor", KEPT_BUDGETS), "rendered": ("signed-in floor", BUDGETS)}
SIGNED, ROWS = "signed-in floor", "floor"


def ratio(result: dict, measure: str, floor: str) -> tuple[float, float] | None:
    """(× the floor's requests/s, × the floor's p99) of ``result``'s ``measure``."""
    floors = result.get("floors", {})
    if measure not in result or floor not in floors:
        return None
    load, base = result[measure], floors[floor]
    return load["requests_per_second"] / base["requests_per_second"], load["p99_ms"] / base["p99_ms"]


def verdict(result: dict, measure: str = "load") -> str:
    """"pass", or what missed and by how much, for one of the MEASURES."""
    if "skipped" in result or measure not in result or "floors" not in result:
        return ""
    floor, budgets = JUDGED_BY[measure]
    misses = []
    share, p99_factor = budgets[result["budget"]]
    throughput, p99 = ratio(result, measure, floor)
    if throughput < share:
        misses.append(f"throughput {throughput:.2f}× {floor} < {share}×")
    if p99 > p99_factor:
        misses.append(f"p99 {p99:.1f}× the {floor}'s > {p99_factor}×")
    queries = result.get("queries", {})
    if any(q is not None and q > MAX_QUERIES for q in queries.values()):
        misses.append(f"{max(q for q in queries.values() if q is not None)} queries > {MAX_QUERIES}")
    if len({q for q in queries.values()}) > 1:
        misses.append("query count differs between the large and the small province")
    size = (result.get("size") or {}).get("factor")
    if measure == "rendered" and size is not None and size > MAX_SIZE_FACTOR:
        misses.append(f"large province {size:.2f}× the small one's time > {MAX_SIZE_FACTOR}×")
    if result[measure]["errors"]:
        misses.append(f"{result[measure]['errors']} failed requests")
    return "pass" if not misses else "MISS: " + "; ".join(misses)


def _cell(value, fmt: str = "{:.0f}") -> str:
    return "—" if value is None else fmt.format(value)


def _pages_table(pages: list[dict], measure: str, title: str) -> list[str]:
    lines = [
        "", f"## Pages {title} (requests/s, latency in ms)", "",
        "| page | req/s | p50 | p99 | queries (large / small) | × signed-in floor req/s | × signed-in floor p99 "
        "| × 25-row floor req/s | large / small province (ms) | verdict |",
        "|---|---:|---:|---:|---|---:|---:|---:|---|---|",
    ]
    for r in pages:
        if "skipped" in r:
            lines.append(f"| {r['name']} | | | | | | | | | skipped: {r['skipped']} |")
            continue
        load = r.get(measure) or r["load"]  # the references are loaded one way only
        counts = " / ".join(_cell(q) for q in r.get("queries", {}).values()) or "—"
        signed, rows = ratio(r, measure, SIGNED), ratio(r, measure, ROWS)
        size = r.get("size")
        size_cell = f"{size['large_ms']:.0f} / {size['small_ms']:.0f} = {size['factor']:.2f}×" if size else "—"
        lines.append(f"| {r['name']} `{r['path']}` | {load['requests_per_second']:.0f} | {load['p50_ms']:.1f} | "
                     f"{load['p99_ms']:.1f} | {counts} | {_cell(signed and signed[0], '{:.2f}')} | "
                     f"{_cell(signed and signed[1], '{:.2f}')} | {_cell(rows and rows[0], '{:.2f}')} | {size_cell} | "
                     f"{r.get('verdicts', {}).get(measure, '')} |")
    return lines


def _summary(pages: list[dict]) -> list[str]:
    judged = [r for r in pages if r.get("verdicts")]
    lines = ["", "## Budgets", ""]
    for measure, title in MEASURES.items():
        passed = sum(r["verdicts"][measure] == "pass" for r in judged)
        lines.append(f"- {title}: {passed} of {len(judged)} pages within budget")
    return lines


def markdown(run: dict) -> str:
    references = [r for r in run["pages"] if r.get("budget") == "reference"]
    pages = [r for r in run["pages"] if r.get("budget") != "reference"]
    lines = [
        f"# Benchmark {run['date']} on {run['machine']['host']}", "",
        "| | |", "|---|---|",
        *(f"| {key} | {value} |" for key, value in run["machine"].items()),
        *(f"| {key} | {value} |" for key, value in run["setup"].items()),
        "", "## References (the floors: median of the runs between the pages)", "",
        "| reference | req/s | p50 | p99 | queries | runs |", "|---|---:|---:|---:|---:|---:|",
        *(f"| {r['name']} `{r['path']}` | {r['load']['requests_per_second']:.0f} | {r['load']['p50_ms']:.1f} | "
          f"{r['load']['p99_ms']:.1f} | {r['queries'].get('large', '—')} | {r.get('runs', 1)} |" for r in references),
        "", "Budgets (issue 18): rendered each time, ≥ 0.5× the signed-in floor's requests/s (lists, model page "
        "and panels, catalogue, ward search, API lists) or ≥ 0.35× (reviews board, sites list, both dashboards, "
        "ministry queue), p99 ≤ 3× the signed-in floor's, the large province's time ≤ 1.3× the small one's; "
        "kept, ≥ 0.5× the 25-row floor (0.3× for the heavy pages, p99 ≤ 2.5× / 4×); ≤ 8 statements, the same in "
        "both provinces. Each page's ratios are against the mean of the floors measured just before and just "
        "after it.",
    ]
    lines += _summary(pages)
    for measure, title in MEASURES.items():
        lines += _pages_table(pages, measure, title)
    lines += ["", "## Outside HTTP load", ""]
    for name, result in run["offline"].items():
        lines.append(f"- **{name}**: " + (f"skipped — {result['skipped']}" if "skipped" in result
                                           else ", ".join(f"{k} {v}" for k, v in result.items())))
    if run.get("notes"):
        lines += ["", "## Notes", "", *run["notes"]]
    return "\n".join(lines) + "\n"


def write(run: dict, folder: Path, name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / (name or f"{run['date']}-{run['machine']['host']}")
    base, number = stem, 1
    while stem.with_suffix(".md").exists():  # another run the same day: keep it, number this one
        number += 1
        stem = folder / f"{base.name}-{number}"
    stem.with_suffix(".json").write_text(json.dumps(run, indent=2, ensure_ascii=False, default=str) + "\n")
    path = stem.with_suffix(".md")
    path.write_text(markdown(run))
    return path
