"""`aic bench` on a small slice with samples whose outcomes are known: the records, the summary, the plot, the
live loop through a scripted backend, and bad input."""

from __future__ import annotations

import gzip
import json
import struct
from pathlib import Path

import pytest

from aic import backends
from aic.backends import Reply, Request
from aic.bench.gate import probe_examples
from aic.bench.suites import humaneval_tasks, mbpp_tasks, task_intent
from aic.cli import main
from tests.compiler.keyed_build import KeyedBackend

CANONICAL = {t.task_id: t for t in humaneval_tasks()}
RIGHT = (
    "    for i, a in enumerate(numbers):\n        for b in numbers[i + 1 :]:\n"
    "            if abs(a - b) < threshold:\n                return True\n    return False\n"
)
# Passes the prompt's two examples, fails the hidden tests: it only compares neighbours in the given order.
WRONG = "    return any(abs(a - b) < threshold for a, b in zip(numbers, numbers[1:]))\n"
BROKEN = "    return (\n"
# Right, and harmless in the sandbox, but refused by the policy (the `random` module).
REFUSED = "    import random\n    random.seed(0)\n" + RIGHT
SAMPLES = [("HumanEval/0", RIGHT), ("HumanEval/0", WRONG), ("HumanEval/0", BROKEN), ("HumanEval/0", REFUSED),
           ("HumanEval/1", "    return []\n")]  # fmt: skip


def write_samples(path: Path, samples: list[tuple[str, str]]) -> Path:
    path.write_text("".join(json.dumps({"task_id": t, "completion": c}) + "\n" for t, c in samples))
    return path


def bench(*args: str) -> int:
    return main(["bench", "--suite", "humaneval", *args])


def test_samples_mode_records_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    samples = write_samples(tmp_path / "samples.jsonl", SAMPLES)
    out = tmp_path / "results" / "bench.json"  # a folder that does not exist yet is created
    assert bench("--samples", str(samples), "--limit", "2", "--out", str(out), "--repeat", "2") == 0
    data = json.loads(out.read_text())
    records = [(r["task_id"], r["index"], r["gate_verdict"], r["hidden_pass"]) for r in data["samples"]]
    assert records == [
        ("HumanEval/0", 0, "accepted", True),
        ("HumanEval/0", 1, "accepted", False),  # wrong, and the prompt's examples cannot tell
        ("HumanEval/0", 2, "rejected", False),
        ("HumanEval/0", 3, "rejected", True),  # right, but refused by the policy
        ("HumanEval/1", 0, "rejected", False),
    ]
    assert "AIC312" in data["samples"][3]["reasons"]
    assert data["samples"][2]["reasons"] and data["samples"][4]["reasons"] == ["AIC400"]
    summary = data["summary"]
    assert summary["confusion"] == {"right_accepted": 1, "right_rejected": 1, "wrong_accepted": 1, "wrong_rejected": 2}
    assert (summary["tasks"], summary["samples"]) == (2, 5)
    assert summary["first_sample_pass@1"] == 0.5 and summary["verified_pass@1"] == 0.5
    assert summary["oracle_pass@1"] == 0.5 and summary["false_rejection_rate"] == 0.5
    assert summary["determinism"] == {"runs": 2, "identical_verdicts": 1.0, "identical_choices": True}
    assert [r["selected"] for r in data["samples"]] == [True, False, False, False, True]  # none accepted: the first
    captured = capsys.readouterr()
    assert "samples/s" in captured.out
    assert "aic bench: 5/5 gates" in captured.err  # progress, as lines when stderr is not a terminal


def test_selection_takes_the_first_accepted_sample(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    samples = write_samples(tmp_path / "s.jsonl", [("HumanEval/0", BROKEN), ("HumanEval/0", RIGHT)])
    assert bench("--samples", str(samples), "--limit", "1", "--format", "json") == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["first_sample_pass@1"] == 0.0 and summary["verified_pass@1"] == 1.0


def test_right_samples_refused_by_their_own_intent_are_counted_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # HumanEval/47's docstring claims a median no median of its list has: the suite's own solution fails it, so a
    # right answer (by the hidden tests) is refused by the intent, not by a gate's fault.
    median = CANONICAL["HumanEval/47"].reference[len(CANONICAL["HumanEval/47"].prompt) :]
    samples = write_samples(
        tmp_path / "s.jsonl",
        [("HumanEval/0", RIGHT), ("HumanEval/0", REFUSED), ("HumanEval/47", median), ("HumanEval/47", median + "\n")],
    )
    assert bench("--samples", str(samples), "--limit", "48", "--format", "json") == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["confusion"]["right_rejected"] == 3 and summary["false_rejection_rate"] == 0.75
    assert summary["contradicted_tasks"] == ["HumanEval/47"]  # HumanEval/0's solution passes its examples
    assert summary["false_rejection_rate_agreeing"] == 0.5  # the policy's refusal of a right HumanEval/0 sample
    assert bench("--samples", str(samples), "--limit", "48") == 0
    assert "50.0% leaving out the tasks whose reference solution fails their own examples: HumanEval/47" in (
        capsys.readouterr().out
    )


def test_plots_in_svg_and_png(tmp_path: Path) -> None:
    samples = write_samples(tmp_path / "s.jsonl", SAMPLES[:2])
    assert bench("--samples", str(samples), "--limit", "1", "--plot", str(tmp_path / "plots" / "p.svg")) == 0
    svg = (tmp_path / "plots" / "p.svg").read_text()
    assert svg.startswith("<svg") and "oracle" in svg and "wrong accepted" in svg
    assert bench("--samples", str(samples), "--limit", "1", "--plot", str(tmp_path / "p.png")) == 0
    data = (tmp_path / "p.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", data[16:24]) == (720, 320)


def test_live_mode_scores_every_answer_of_the_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    prompt = CANONICAL["HumanEval/0"].prompt
    backend = KeyedBackend({"has_close_elements": prompt.strip() + "\n" + WRONG})
    monkeypatch.setattr(backends, "make_backend", lambda settings: backend)
    out = tmp_path / "live.json"
    assert bench("--limit", "1", "--loop-samples", "1", "--max-repairs", "0", "--out", str(out)) == 0
    data = json.loads(out.read_text())
    assert [(r["index"], r["gate_verdict"], r["hidden_pass"]) for r in data["samples"]] == [(0, "accepted", False)]
    assert data["summary"]["mode"] == "live" and data["summary"]["prompt_tokens"] == 100


def test_live_mode_names_the_tasks_that_contradict_themselves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    task = CANONICAL["HumanEval/47"]  # its docstring's second example is wrong: the suite's solution fails it
    backend = KeyedBackend({"median": task.reference.strip()})
    monkeypatch.setattr(backends, "make_backend", lambda settings: backend)
    out = tmp_path / "live.json"
    args = ("--offset", "47", "--limit", "1", "--loop-samples", "1", "--loop-extra-samples", "0", "--max-repairs", "0")
    assert bench(*args, "--out", str(out)) == 0
    data = json.loads(out.read_text())
    assert [(r["gate_verdict"], r["hidden_pass"]) for r in data["samples"]] == [("rejected", True)]
    summary = data["summary"]
    assert summary["contradicted_tasks"] == ["HumanEval/47"] and summary["false_rejection_rate"] == 1.0
    assert summary["false_rejection_rate_agreeing"] == 0.0


def test_live_mode_asks_the_extra_samples_it_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    prompt = CANONICAL["HumanEval/0"].prompt
    backend = KeyedBackend({"has_close_elements": prompt.strip() + "\n" + BROKEN})  # never accepted
    monkeypatch.setattr(backends, "make_backend", lambda settings: backend)
    out = tmp_path / "live.json"
    flags = ("--limit", "1", "--loop-samples", "1", "--max-repairs", "0", "--loop-extra-samples", "2")
    assert bench(*flags, "--out", str(out)) == 0
    data = json.loads(out.read_text())
    assert [(r["index"], r["gate_verdict"]) for r in data["samples"]] == [(n, "rejected") for n in range(3)]


class Recording(KeyedBackend):
    """The keyed backend, keeping every prompt it is sent."""

    def __init__(self, codes: dict[str, str]) -> None:
        super().__init__(codes)
        self.prompts: list[str] = []

    def complete(self, request: Request) -> Reply:
        self.prompts.append("\n".join(m.content for m in request.messages))
        return super().complete(request)


@pytest.mark.parametrize("explicit", [False, True])
def test_live_prompts_never_show_the_code_around_the_bench(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], explicit: bool
) -> None:
    # A project whose hand-written code is as related to HumanEval/0 as code can be: were it the task's project,
    # the prompt would show it (context_related). A bench task is a project of its own, wherever aic runs.
    project = tmp_path / "project"
    (project / "nearby").mkdir(parents=True)
    (project / "pyproject.toml").write_text('[project]\nname = "p"\nversion = "0"\n[tool.aic]\n')
    (project / "nearby" / "__init__.py").write_text(
        "def close_numbers(numbers: list[float], threshold: float) -> bool:\n"
        '    """Whether any two numbers in the list are closer to each other than the threshold."""\n'
        "    return False\n"
    )
    monkeypatch.chdir(project)
    backend = Recording({"has_close_elements": CANONICAL["HumanEval/0"].prompt.strip() + "\n" + RIGHT})
    monkeypatch.setattr(backends, "make_backend", lambda settings: backend)
    config = ("--config", str(project / "pyproject.toml")) if explicit else ()
    assert bench("--limit", "1", "--loop-samples", "1", "--max-repairs", "0", *config) == 0
    assert backend.prompts and not any("close_numbers" in p or "nearby" in p for p in backend.prompts)


def test_mbpp_from_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    row = {
        "task_id": "Mbpp/900", "entry_point": "double_all",
        "prompt": '"""\nWrite a function to double every number in a list.\nassert double_all([1, 2]) == [2, 4]\n"""\n',
        "canonical_solution": "\ndef double_all(xs):\n    return [2 * x for x in xs]\n",
        "base_input": [[[1, 2]], [[0]]], "plus_input": [[[]], [[-3, 5]]], "atol": 0,
    }  # fmt: skip
    data = tmp_path / "mbpp.jsonl.gz"
    # A second task whose `assert` line contradicts its own reference solution.
    contradicting = {**row, "task_id": "Mbpp/902", "prompt": str(row["prompt"]).replace("[2, 4]", "[2, 5]")}
    with gzip.open(data, "wt") as handle:
        handle.write(json.dumps(row) + "\n" + json.dumps(contradicting) + "\n")
    samples = write_samples(tmp_path / "s.jsonl", [("Mbpp/900", "    return [x + x for x in xs]\n"),
                                                   ("Mbpp/900", "    return [2, 4]\n"),
                                                   ("Mbpp/902", "    return [x + x for x in xs]\n")])  # fmt: skip
    assert main(["bench", "--suite", "mbpp", "--data", str(data), "--samples", str(samples), "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["confusion"] == {"right_accepted": 1, "right_rejected": 1, "wrong_accepted": 1, "wrong_rejected": 0}
    assert summary["contradicted_tasks"] == ["Mbpp/902"] and summary["false_rejection_rate_agreeing"] == 0.0


@pytest.mark.parametrize(
    ("line", "needle"),
    [
        ("{not json", "s.jsonl:2: not valid JSON"),
        ('{"task_id": "HumanEval/999", "completion": ""}', "s.jsonl:2: unknown task_id 'HumanEval/999'"),
        ('{"task_id": "HumanEval/0", "completion": 3}', "s.jsonl:2: `completion` must be a string"),
        ('{"task_id": "HumanEval/0", "completion": "", "temperature": "hot"}', "s.jsonl:2: `temperature` must be"),
        ('{"task_id": "HumanEval/0", "proposed": ["f(1)"]}', "s.jsonl:2: `proposed` must be a string"),
    ],
)
def test_bad_samples_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str, needle: str
) -> None:
    samples = tmp_path / "s.jsonl"
    samples.write_text(json.dumps({"task_id": "HumanEval/0", "completion": RIGHT}) + "\n" + line + "\n")
    assert bench("--samples", str(samples)) == 2
    err = capsys.readouterr().err
    assert needle in err and err.count("\n") == 1 and "Traceback" not in err


def test_mbpp_needs_its_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "--suite", "mbpp"]) == 2
    assert "pass --data PATH" in capsys.readouterr().err


def test_behaviour_selection_emits_what_most_accepted_samples_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The wrong sample comes first and passes the prompt's examples; two right ones that are written differently
    # behave alike on the probe inputs, and outvote it. Selecting `first` emits the wrong one.
    others = "    return any(abs(a - b) < threshold for i, a in enumerate(numbers) for b in numbers[i + 1 :])\n"
    samples = write_samples(tmp_path / "s.jsonl", [("HumanEval/0", WRONG), ("HumanEval/0", RIGHT),
                                                   ("HumanEval/0", BROKEN), ("HumanEval/0", others)])  # fmt: skip
    first, chosen = tmp_path / "first.json", tmp_path / "chosen.json"
    assert bench("--samples", str(samples), "--limit", "1", "--out", str(first), "--select", "first") == 0
    assert bench("--samples", str(samples), "--limit", "1", "--out", str(chosen)) == 0
    by_first, by_behaviour = (json.loads(p.read_text()) for p in (first, chosen))
    assert [r["selected"] for r in by_first["samples"]] == [True, False, False, False]
    assert [r["selected"] for r in by_behaviour["samples"]] == [False, True, False, False]
    assert by_behaviour["samples"][1]["agreeing"] == 2  # itself and the other right sample
    assert [r["gate_verdict"] for r in by_behaviour["samples"]] == ["accepted", "accepted", "rejected", "accepted"]
    assert by_first["summary"]["selected_pass@1"] == 0.0 and by_first["summary"]["wrong_but_emitted"] == 1.0
    assert by_behaviour["summary"]["selected_pass@1"] == 1.0 and by_behaviour["summary"]["wrong_but_emitted"] == 0.0
    summary = by_behaviour["summary"]
    assert summary["first_accepted_pass@1"] == 0.0 and summary["selection"] == "behaviour"


def test_a_tie_goes_to_the_greedy_sample(tmp_path: Path) -> None:
    rows = [{"task_id": "HumanEval/0", "completion": WRONG, "temperature": 0.8},
            {"task_id": "HumanEval/0", "completion": RIGHT, "temperature": 0}]  # fmt: skip
    samples = tmp_path / "s.jsonl.gz"  # a gzipped samples file reads as the plain one
    samples.write_bytes(gzip.compress("".join(json.dumps(r) + "\n" for r in rows).encode()))
    out = tmp_path / "out.json"
    assert bench("--samples", str(samples), "--limit", "1", "--out", str(out)) == 0
    assert [r["selected"] for r in json.loads(out.read_text())["samples"]] == [False, True]


def test_samples_are_compared_on_the_inputs_the_model_proposed(tmp_path: Path) -> None:
    # HumanEval/80's examples give no probe (`is_happy(a) => False`): a build asks the model for inputs, and so
    # does the samples file, in a `proposed` line. On them two right samples outvote a wrong first one (it lets
    # `aba` through); without them nothing tells the three apart and the first is emitted.
    wrong = "    return len(s) >= 3 and all(s[i] != s[i + 1] for i in range(len(s) - 1))\n"
    right = "    return len(s) >= 3 and all(len(set(s[i : i + 3])) == 3 for i in range(len(s) - 2))\n"
    also = "    return len(s) > 2 and all(len({s[i], s[i + 1], s[i + 2]}) == 3 for i in range(len(s) - 2))\n"
    rows = [json.dumps({"task_id": "HumanEval/80", "completion": c}) for c in (wrong, right, also)]
    proposal = json.dumps({"task_id": "HumanEval/80", "proposed": "```python\nis_happy('aba')\nis_happy('abcd')\n```"})
    for lines, chosen in ((rows, [True, False, False]), ([*rows, proposal], [False, True, False])):
        samples, out = tmp_path / "s.jsonl", tmp_path / "out.json"
        samples.write_text("\n".join(lines) + "\n")
        assert bench("--samples", str(samples), "--offset", "80", "--limit", "1", "--out", str(out)) == 0
        records = json.loads(out.read_text())["samples"]
        assert len(records) == 3 and all(r["gate_verdict"] == "accepted" for r in records)
        assert [r["selected"] for r in records] == chosen


def test_proposed_inputs_count_only_where_a_build_would_ask_for_them(tmp_path: Path) -> None:
    # A careless samples file may hold a proposal for a function with probes of its own: a build never asks
    # there, so the bench must not use it either.
    proposal = "```python\nhas_close_elements([1.0, 9.0], 0.5)\nis_happy('abcd')\n```"
    with_probes, without = (task_intent(CANONICAL[t], tmp_path) for t in ("HumanEval/0", "HumanEval/80"))
    assert with_probes is not None and without is not None
    assert probe_examples(with_probes[1], proposal) == probe_examples(with_probes[1])
    assert probe_examples(without[1]) == [] and probe_examples(without[1], proposal) == ["is_happy('abcd')\n"]


def test_an_mbpp_check_on_math_gets_the_import_its_harness_has(tmp_path: Path) -> None:
    # MBPP+ checks float results with `math.isclose` and imports math to run them: so must the intent.
    row = {
        "task_id": "Mbpp/901", "entry_point": "area",
        "prompt": '"""\nWrite a function for the area of a circle.\n'
                  'assert math.isclose(area(1), 3.14159, rel_tol=0.001)\n"""\n',
        "canonical_solution": "\nimport math\ndef area(r):\n    return math.pi * r * r\n",
        "base_input": [[1]], "plus_input": [], "atol": 0,
    }  # fmt: skip
    data = tmp_path / "mbpp.jsonl"
    data.write_text(json.dumps(row) + "\n")
    (task,) = mbpp_tasks(data)
    assert task.prompt.startswith("import math\n")
    loaded = task_intent(task, tmp_path)
    assert loaded is not None and loaded[1].name == "area" and "import math" in loaded[0].header
