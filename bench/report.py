"""Verdicts against the issue's budgets, and the result files (Markdown and JSON)."""
from __future__ import annotations

import json
from pathlib import Path

from bench.pages import BUDGETS, MAX_QUERIES


# The two ways each page is loaded: asked again unchanged (a kept page answers), and with a
# new URL every time (queried and rendered each time, as the first view after a change).
MEASURES = {"load": "asked again unchanged, a kept page answering", "rendered": "rendered for every request"}


def verdict(result: dict, floor: dict | None, measure: str = "load") -> str:
    """"pass", or what missed and by how much, for one of the MEASURES."""
    if "skipped" in result or floor is None or measure not in result:
        return ""
    misses = []
    share, p99_factor = BUDGETS[result["budget"]]
    load = result[measure]
    ratio = load["requests_per_second"] / floor["requests_per_second"]
    if ratio < share:
        misses.append(f"throughput {ratio:.0%} of floor < {share:.0%}")
    allowed = floor["p99_ms"] * p99_factor
    if load["p99_ms"] > allowed:
        misses.append(f"p99 {load['p99_ms']:.0f} ms > {allowed:.0f} ms ({load['p99_ms'] / floor['p99_ms']:.1f}× floor)")
    queries = result.get("queries", {})
    if any(q is not None and q > MAX_QUERIES for q in queries.values()):
        misses.append(f"{max(q for q in queries.values() if q is not None)} queries > {MAX_QUERIES}")
    if len({q for q in queries.values()}) > 1:
        misses.append("query count differs between the large and the small province")
    if load["errors"]:
        misses.append(f"{load['errors']} failed requests")
    return "pass" if not misses else "MISS: " + "; ".join(misses)


def _cell(value, fmt: str = "{:.0f}") -> str:
    return "—" if value is None else fmt.format(value)


def _pages_table(pages: list[dict], floor: dict | None, measure: str, title: str) -> list[str]:
    lines = [
        "", f"## Pages {title} (requests/s, latency in ms)", "",
        "| page | req/s | p50 | p99 | queries (large / small province) | × floor req/s | × floor p99 | verdict |",
        "|---|---:|---:|---:|---|---:|---:|---|",
    ]
    for r in pages:
        if "skipped" in r:
            lines.append(f"| {r['name']} | | | | | | | skipped: {r['skipped']} |")
            continue
        load = r.get(measure) or r["load"]  # the references are loaded one way only
        counts = " / ".join(_cell(q) for q in r.get("queries", {}).values()) or "—"
        ratio = load["requests_per_second"] / floor["requests_per_second"] if floor else None
        p99 = load["p99_ms"] / floor["p99_ms"] if floor else None
        lines.append(f"| {r['name']} `{r['path']}` | {load['requests_per_second']:.0f} | {load['p50_ms']:.1f} | "
                     f"{load['p99_ms']:.1f} | {counts} | {_cell(ratio, '{:.2f}')} | {_cell(p99, '{:.2f}')} | "
                     f"{r.get('verdicts', {}).get(measure, '')} |")
    return lines


def markdown(run: dict) -> str:
    floor = next((r["load"] for r in run["pages"] if r["name"] == "floor" and "load" in r), None)
    lines = [
        f"# Benchmark {run['date']} on {run['machine']['host']}", "",
        "| | |", "|---|---|",
        *(f"| {key} | {value} |" for key, value in run["machine"].items()),
        *(f"| {key} | {value} |" for key, value in run["setup"].items()),
    ]
    for measure, title in MEASURES.items():
        lines += _pages_table(run["pages"], floor, measure, title)
    lines += ["", "## Outside HTTP load", ""]
    for name, result in run["offline"].items():
        lines.append(f"- **{name}**: " + (f"skipped — {result['skipped']}" if "skipped" in result
                                           else ", ".join(f"{k} {v}" for k, v in result.items())))
    if run.get("notes"):
        lines += ["", "## Notes", "", *run["notes"]]
    return "\n".join(lines) + "\n"


def write(run: dict, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / f"{run['date']}-{run['machine']['host']}"
    number = 1
    while stem.with_suffix(".md").exists():  # another run the same day: keep it, number this one
        number += 1
        stem = folder / f"{run['date']}-{run['machine']['host']}-{number}"
    stem.with_suffix(".json").write_text(json.dumps(run, indent=2, ensure_ascii=False, default=str) + "\n")
    path = stem.with_suffix(".md")
    path.write_text(markdown(run))
    return path
