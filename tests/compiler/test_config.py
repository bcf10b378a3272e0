from __future__ import annotations

from pathlib import Path

import pytest

from aic.config import ConfigError, load_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_pyproject(tmp_path: Path) -> None:
    config = load_config(tmp_path / "nothing_here" / "x.py")
    assert all(config.gates.values())
    assert config.options["examples"].timeout_seconds > 0


def test_nearest_pyproject_is_read(tmp_path: Path) -> None:
    write(
        tmp_path,
        '[tool.aic]\nexclude = ["gen"]\n[tool.aic.gates]\ntypes = false\n'
        '[tool.aic.policy]\nallow = ["network"]\n[tool.aic.limits]\nmemory_mb = 256\ntimeout_seconds = 3\n',
    )
    (tmp_path / "pkg").mkdir()
    config = load_config(tmp_path / "pkg")
    assert config.exclude == ("gen",)
    assert config.gates["types"] is False
    assert config.options["security"].allow == ("network",)
    assert config.options["examples"].memory_mb == 256
    assert config.options["examples"].timeout_seconds == 3.0


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[tool.aic]\nbogus = 1\n", "[tool.aic] bogus: unknown key"),
        ("[tool.aic.gates]\ntypes = 'no'\n", "[tool.aic.gates] types: expected true or false"),
        ("[tool.aic.gates]\nspelling = true\n", "[tool.aic.gates] spelling: unknown gate"),
        ("[tool.aic.limits]\nmemory_mb = -5\n", "[tool.aic.limits] memory_mb: expected a whole number >= 1, got -5"),
        ("[tool.aic.limits]\nmemory_mb = 0\n", "[tool.aic.limits] memory_mb: expected a whole number >= 1, got 0"),
        ("[tool.aic.limits]\ntimeout_seconds = 0\n", "timeout_seconds: expected a number > 0, got 0.0"),
        ("[tool.aic]\nbackend = 'gpt'\n", "unknown backend 'gpt'"),
        ("[tool.aic]\nsamples = 0\n", "[tool.aic] samples: expected a whole number >= 1, got 0"),
        ("[tool.aic]\nextra_samples = -1\n", "[tool.aic] extra_samples: expected a whole number >= 0, got -1"),
        ("[tool.aic]\npropose = 'yes'\n", "[tool.aic] propose: expected true or false, got 'yes'"),
        ("[tool.aic]\nstyles = ['haiku']\n", "styles: expected distinct styles of aic, plain, plan, got ['haiku']"),
        ("[tool.aic]\nstyles = []\n", "styles: expected distinct styles"),
        ("[tool.aic]\nstyles = ['plain', 'plain']\n", "styles: expected distinct styles"),
        ("[tool.aic]\nstyles = 'plain'\n", "[tool.aic] styles: expected a list of strings"),
        ("[tool.aic]\nextra_styles = ['plan', 'poem']\n", "extra_styles: expected distinct styles of aic, plain, plan"),
        ("[tool.aic]\nextra_styles = ['plan', 'plan']\n", "extra_styles: expected distinct styles"),
        ("[tool.aic.limits]\nwall = 5\n", "[tool.aic.limits] wall: unknown key"),
        ("[tool.aic.policy]\nallow = ['teleport']\n", "unknown capability 'teleport'"),
        ("[tool.aic.policy]\nimports = ['os path']\n", "imports: 'os path' is not a module"),
        ("[tool.aic.policy]\nimports = 'numpy'\n", "expected a list of strings"),
        ("[tool.aic.lint]\nselect = 'F'\n", "[tool.aic.lint] select: expected a list of strings"),
        ("[tool.aic\n", "invalid TOML"),
        ("[tool]\naic = 3\n", "[tool.aic] must be a table"),
        ("[tool.aic]\nrequest_timeout = 0\n", "[tool.aic] request_timeout: expected a number > 0, got 0.0"),
        ("[tool.aic]\nmax_tokens = 'lots'\n", "[tool.aic] max_tokens: expected a whole number"),
        ("[tool.aic.prices]\n'anthropic/x' = 3\n", "[tool.aic.prices] anthropic/x: expected a table"),
        ("[tool.aic.prices]\n'anthropic/x' = { input = -1.0 }\n", "input: expected a number >= 0, got -1.0"),
        ("[tool.aic.contracts]\nrlimit = 'big'\n", "[tool.aic.contracts] rlimit: expected a whole number"),
    ],
)
def test_bad_config_is_one_line_naming_the_key(tmp_path: Path, text: str, needle: str) -> None:
    write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    message = str(caught.value)
    assert needle in message
    assert "pyproject.toml" in message
    assert "\n" not in message


def _numeric_keys() -> list[tuple[str, str, float, bool, bool]]:
    """(section, key, lowest bound, strict, whole) for every number [tool.aic] takes."""
    from aic.config import BuildSettings, Price
    from aic.ir.bounds import KEY, numeric_fields
    from aic.passes import REGISTRY

    classes: list[tuple[str, type[object]]] = [("tool.aic", BuildSettings), ("tool.aic.prices.'m'", Price)]
    classes += [(f"tool.aic.{cls.section}", cls.Options) for cls in REGISTRY.values() if cls.section]
    found = []
    for section, cls in classes:
        for name, (field, kind) in numeric_fields(cls).items():
            low, strict = field.metadata.get(KEY, (0, False))
            found.append((section, name, low, strict, kind is int))
    return found


@pytest.mark.parametrize(("section", "key", "low", "strict", "whole"), _numeric_keys())
def test_every_number_has_one_rule_and_one_message(
    tmp_path: Path, section: str, key: str, low: float, strict: bool, whole: bool
) -> None:
    # The value just outside the bound and one far below it are refused with the same words (timeout_seconds
    # once said ">= 0" for -1, then "must be positive" for 0); the bound itself is refused exactly when strict.
    nearest = low if strict else low - (1 if whole else 0.5)
    messages = []
    for value in (nearest, -100):
        write(tmp_path, f"[{section}]\n{key} = {int(value) if whole else float(value)}\n")
        with pytest.raises(ConfigError) as caught:
            load_config(tmp_path)
        messages.append(str(caught.value).rsplit(", got ", 1)[0])
    assert messages[0] == messages[1]
    assert messages[0].endswith(
        f"{key}: expected a {'whole number' if whole else 'number'} {'>' if strict else '>='} {low:g}"
    )
    write(tmp_path, f"[{section}]\n{key} = {int(low) + 1 if whole else low + 0.5}\n")
    load_config(tmp_path)


@pytest.mark.parametrize(("value", "message"), [("100", "expected at most 64, got 100"), ("0", ">= 1, got 0")])
def test_max_concurrency_is_bounded(tmp_path: Path, value: str, message: str) -> None:
    write(tmp_path, f"[tool.aic]\nmax_concurrency = {value}\n")
    with pytest.raises(ConfigError, match=f"max_concurrency: .*{message}"):
        load_config(tmp_path)
