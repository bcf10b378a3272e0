from __future__ import annotations

from aic.verifiers.versions import tool_versions


def test_pinned_gate_tools_report_their_versions() -> None:
    versions = tool_versions()
    assert versions["mypy"] == "2.4.1"
    assert versions["ruff"] == "0.17.5"
    assert versions["bandit"] == "1.9.4"
    assert versions["aic"] == "0.1.0"
