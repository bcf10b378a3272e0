"""The compliance report (`aic report`): for every generated module and function, what was asked (the intent
and its digest), who wrote the code (backend, model, weights digest, prompt digest), which gates passed with
which tool versions, repairs, cost, human edits, contracts — from aic.lock and the audit log alone, so it never
holds keys or environment contents. Rendered as JSON, Markdown or one self-contained HTML file.
"""

from __future__ import annotations

import dataclasses
import html
import json
from collections import Counter
from pathlib import Path
from typing import Any

from aic import __version__
from aic.files import resolve
from aic.state.audit import AUDIT_NAME, AuditError, read
from aic.state.lock import LOCK_NAME, Lock, read_lock
from aic.verifiers.policy_rules import CAPABILITY_CODES, IMPORT_CODE


class ReportError(Exception):
    pass


SUMMARY_KEYS = (
    "modules", "functions", "not_generated", "written_by", "verdicts", "contracts", "calls", "repairs", "tokens",
    "cost", "unchecked", "weak_evidence", "adopted_modules", "policy_allowances", "gates_off", "audit_entries",
    "audit_chain",
)  # fmt: skip

# The functions a reviewer should read first, listed before the modules: summary key, title, why.
REVIEW_FIRST = (
    ("unchecked", "Functions nothing checks",
     "No example and no contract in the intent (AIC411): the gates judged the code, nothing its behaviour."),
    ("weak_evidence", "Functions chosen on weak evidence",
     "Accepted candidates behaved differently (disputed, AIC412), or one candidate of several asked was accepted "
     "(unconfirmed, AIC413): the gates passed the code, but little confirms its behaviour."),
)  # fmt: skip


def collect(root: Path) -> dict[str, Any]:
    lock = read_lock(root / LOCK_NAME)
    if lock is None:
        raise ReportError(f"{root / LOCK_NAME}: not found: run `aic build` first")
    try:
        history = read(root / AUDIT_NAME)
        chain = "intact"
    except AuditError as err:
        history, chain = [], f"BROKEN: {err}"
    return {
        "aic": __version__,
        "project": resolve(root).name,
        "summary": _summary(lock, history, chain),
        "modules": [_module(name, entry, history) for name, entry in sorted(lock.modules.items())],
    }


def _summary(lock: Lock, history: list[dict[str, Any]], chain: str) -> dict[str, Any]:
    functions = [f for m in lock.modules.values() for f in m.functions.values()]
    verdicts = Counter(v for f in functions for v in f.gates.values())
    return {
        "modules": len(lock.modules),
        "functions": len(functions),
        # Functions of partial modules that no candidate passed: stubs raising NotImplementedError, no verdicts.
        "not_generated": sum(1 for f in functions if f.verdict == "not-generated"),
        "written_by": dict(Counter(f.origin for f in functions)),
        "verdicts": dict(sorted(verdicts.items())),
        "contracts": dict(Counter(f.gates.get("contracts", "none") for f in functions)),
        "repairs": sum(f.repairs for f in functions),
        "calls": sum(f.calls for f in functions),
        "tokens": sum(f.prompt_tokens + f.completion_tokens for f in functions),
        "cost": round(sum(f.cost for f in functions), 6),
        # Functions whose intent has no example and no contract (AIC411): nothing checks what they do.
        "unchecked": ", ".join(unchecked_names(lock)) or "none",
        # Functions emitted on weak evidence (Evidence.weakness): their accepted candidates disagreed, or only one was.
        "weak_evidence": ", ".join(f"{name} ({kind})" for name, kind in weak_names(lock)) or "none",
        "adopted_modules": sum(1 for m in lock.modules.values() if m.adopted_by),
        # Waivers of the default policy the modules were verified under, as the lock records them.
        "policy_allowances": ", ".join(f"{name} ({_allowance_code(name)})" for name in lock.allow) or "none",
        "gates_off": ", ".join(lock.disabled) or "none",
        "audit_entries": len(history),
        "audit_chain": chain,
    }


def unchecked_names(lock: Lock) -> list[str]:
    return [
        f"{module}.{name}"
        for module, entry in sorted(lock.modules.items())
        for name, f in sorted(entry.functions.items())
        if f.evidence is not None and f.evidence.unchecked
    ]


def weak_names(lock: Lock) -> list[tuple[str, str]]:
    return [
        (f"{module}.{name}", f.evidence.weakness)
        for module, entry in sorted(lock.modules.items())
        for name, f in sorted(entry.functions.items())
        if f.evidence is not None and f.evidence.weakness
    ]


def _module(name: str, entry: Any, history: list[dict[str, Any]]) -> dict[str, Any]:
    functions = []
    for fname, f in sorted(entry.functions.items()):
        qualified = f"{name}.{fname}"
        events = [e for e in history if e.get("function") == qualified or qualified in (e.get("functions") or [])]
        functions.append(
            {
                "name": fname,
                "intent_digest": f.intent_digest,
                "origin": f.origin,
                "verdict": f.verdict,
                "backend": f.backend,
                "model": f.model,
                "model_digest": f.model_digest,
                "prompt_digest": f.prompt_digest,
                "code_digest": f.code_digest,
                "gates": f.gates,
                "tools": f.tools,
                "calls": f.calls,
                "repairs": f.repairs,
                "tokens": f.prompt_tokens + f.completion_tokens,
                "cost": f.cost,
                "contracts": f.gates.get("contracts", "none"),
                "evidence": dataclasses.asdict(f.evidence) if f.evidence else None,
                "evidence_text": f.evidence.describe() if f.evidence else "not recorded",
                "unchecked": bool(f.evidence and f.evidence.unchecked),
                "weakness": f.evidence.weakness if f.evidence else "",
                "history": [{"seq": e["seq"], "at": e["at"], "event": e["event"]} for e in events],
            }
        )
    return {
        "name": name,
        "intent": entry.intent,
        "output": entry.output,
        "output_digest": entry.output_digest,
        "tests": entry.tests,
        "adopted_by": entry.adopted_by,
        "adopted_at": entry.adopted_at,
        "functions": functions,
    }


def render_json(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def render_markdown(report: dict[str, Any]) -> str:
    s = report["summary"]
    out = [
        f"# Compliance report: {report['project']}",
        "",
        f"Generated by aic {report['aic']} from {LOCK_NAME} and {AUDIT_NAME} (audit chain: {s['audit_chain']}).",
        "",
        "## Summary",
        "",
        "| measure | value |",
        "|---|---|",
    ]
    for key in SUMMARY_KEYS[:-1]:
        out.append(f"| {key.replace('_', ' ')} | {_plain(s[key])} |")
    for key, title, why in REVIEW_FIRST:
        if s[key] != "none":
            names = [item.partition(" ") for item in s[key].split(", ")]  # "m.f" or "m.f (why)"
            out += ["", f"## {title}", "", why, "", *(f"- `{name}`{gap}{kind}" for name, gap, kind in names)]
    for module in report["modules"]:
        out += [
            "",
            f"## Module `{module['name']}`",
            "",
            f"Intent `{module['intent']}` → `{module['output']}` "
            f"(sha256 `{module['output_digest'][:16]}…`)"
            + (f"; adopted by {module['adopted_by']} at {module['adopted_at']}" if module["adopted_by"] else ""),
            "",
            "| function | written by | model | gates | contracts | evidence | repairs | cost | history |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for f in module["functions"]:
            gates = ", ".join(f"{g} {v}" for g, v in sorted(f["gates"].items())) or "NOT GENERATED (a stub)"
            history = "; ".join(f"#{h['seq']} {h['event']}" for h in f["history"]) or "-"
            out.append(
                f"| `{f['name']}` | {f['origin']} | {f['backend']}/{f['model']} | {gates} | {f['contracts']} | "
                f"{f['evidence_text']} | {f['repairs']} | ${f['cost']:.4f} | {history} |"
            )
    return "\n".join(out) + "\n"


def _plain(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items()) or "-"
    return f"${value:.4f}" if isinstance(value, float) else str(value)


_CSS = """body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f24}table{border-collapse:collapse;
margin:.5rem 0 1.5rem;width:100%}th,td{border:1px solid #ccd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eef}code{font-size:12px}.ok{color:#116329}.bad{color:#a40e26}section{page-break-inside:avoid}
@media print{body{margin:0}}"""


def render_html(report: dict[str, Any]) -> str:
    s = report["summary"]
    e = html.escape
    rows = "".join(
        f"<tr><th>{e(k.replace('_', ' '))}</th><td{_waived(k, s[k])}>{e(_plain(s[k]))}</td></tr>" for k in SUMMARY_KEYS
    )
    parts = [
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>aic compliance report: "
        f"{e(report['project'])}</title><style>{_CSS}</style></head><body>",
        f"<h1>Compliance report: {e(report['project'])}</h1>",
        f"<p>Generated by aic {e(report['aic'])} from {LOCK_NAME} and {AUDIT_NAME}.</p>",
        "<section id='summary'><h2>Summary</h2>",
        _chart(s["verdicts"], report["modules"]),
        f"<table>{rows}</table></section>",
    ]
    for key, title, why in REVIEW_FIRST:
        if s[key] != "none":
            names = [item.partition(" ") for item in s[key].split(", ")]
            items = "".join(f"<li><code>{e(name)}</code>{gap}{e(kind)}</li>" for name, gap, kind in names)
            parts.append(f"<section id='{key}'><h2 class='bad'>{title}</h2><p>{e(why)}</p><ul>{items}</ul></section>")
    parts.extend(_module_html(module) for module in report["modules"])
    parts.append("</body></html>\n")
    return "".join(parts)


def _module_html(module: dict[str, Any]) -> str:
    e = html.escape
    adopted = f" Adopted by {e(module['adopted_by'])} at {e(module['adopted_at'])}." if module["adopted_by"] else ""
    head = (
        f"<section class='module' id='module-{e(module['name'])}'><h2>Module <code>{e(module['name'])}"
        f"</code></h2><p>Intent <code>{e(module['intent'])}</code> → <code>{e(module['output'])}</code>, "
        f"sha256 <code>{e(module['output_digest'])}</code>.{adopted}</p><table><tr><th>function</th>"
        "<th>written by</th><th>model and digests</th><th>gates</th><th>evidence</th><th>repairs / calls</th>"
        "<th>cost</th><th>history</th></tr>"
    )
    return head + "".join(_function_html(f) for f in module["functions"]) + "</table></section>"


def _function_html(f: dict[str, Any]) -> str:
    e = html.escape
    gates = (
        "<br>".join(
            f"<span class='{'ok' if v in ('passed', 'proved', 'none') else 'bad'}'>{e(g)}: {e(v)}</span>"
            for g, v in sorted(f["gates"].items())
        )
        or "<span class='bad'>NOT GENERATED (a stub raising NotImplementedError)</span>"
    )
    tools = ", ".join(f"{e(t)} {e(v)}" for t, v in sorted(f["tools"].items()))
    history = "<br>".join(f"#{h['seq']} {e(h['event'])} {e(h['at'])}" for h in f["history"]) or "-"
    return (
        f"<tr><td><code>{e(f['name'])}</code></td><td>{e(f['origin'])}</td><td>{e(f['backend'])}/"
        f"{e(f['model'])}<br>weights <code>{e(f['model_digest'][:16])}…</code><br>prompt <code>"
        f"{e(f['prompt_digest'][:16])}…</code><br>intent <code>{e(f['intent_digest'][:16])}…</code>"
        f"</td><td>{gates}<br><small>{tools}</small></td><td>{e(f['evidence_text'])}</td>"
        f"<td>{f['repairs']} / {f['calls']}</td>"
        f"<td>${f['cost']:.4f}</td><td>{history}</td></tr>"
    )


def _waived(key: str, value: object) -> str:
    if key == "not_generated":
        return " class='bad'" if value else ""
    return " class='bad'" if key in ("policy_allowances", "gates_off") and value != "none" else ""


def _chart(verdicts: dict[str, int], modules: list[dict[str, Any]]) -> str:
    """Inline SVG: gate verdicts, and cost per module (no scripts, no external resources)."""
    bars: list[str] = []
    biggest = max(verdicts.values(), default=1)
    for index, (verdict, count) in enumerate(sorted(verdicts.items())):
        width = 240 * count / biggest
        colour = "#2da44e" if verdict in ("passed", "proved", "none") else "#cf222e"
        y = 20 + index * 22
        bars.append(
            f"<text x='0' y='{y + 12}'>{html.escape(verdict)}</text><rect x='90' y='{y}' width='{width:.1f}' "
            f"height='16' fill='{colour}'/><text x='{95 + width:.1f}' y='{y + 12}'>{count}</text>"
        )
    costs = [(m["name"], sum(f["cost"] for f in m["functions"])) for m in modules]
    top = max((c for _, c in costs), default=0.0) or 1.0
    for index, (name, cost) in enumerate(costs):
        width = 240 * cost / top
        y = 20 + index * 22
        bars.append(
            f"<text x='380' y='{y + 12}'>{html.escape(name)}</text><rect x='480' y='{y}' width='{width:.1f}' "
            f"height='16' fill='#0969da'/><text x='{485 + width:.1f}' y='{y + 12}'>${cost:.4f}</text>"
        )
    height = 30 + 22 * max(len(verdicts), len(costs), 1)
    return (
        f"<svg role='img' aria-label='gate verdicts and cost per module' width='780' height='{height}' "
        f"xmlns='http://www.w3.org/2000/svg' font-size='12'><text x='0' y='12' font-weight='bold'>gate verdicts"
        f"</text><text x='380' y='12' font-weight='bold'>cost per module</text>{''.join(bars)}</svg>"
    )


def _allowance_code(name: str) -> str:
    """The code an allowance silences: a capability's own, or AIC316 for an allowlist entry (`import:numpy`)."""
    return IMPORT_CODE if name.startswith("import:") else CAPABILITY_CODES.get(name, "?")
