# Two entry points (see README): `make run` and `make test`. Both create .venv/ when missing and are idempotent.
VENV     := .venv
PY       := $(VENV)/bin/python
STAMP    := $(VENV)/.aic-installed
# A strict editable install mirrors the package files, so a new module needs a reinstall: the manifest
# records the file list and changes only when that list (or pyproject.toml) changes.
MANIFEST := $(VENV)/.aic-manifest

.PHONY: run test setup FORCE

setup: $(STAMP)

$(MANIFEST): FORCE
	@test -x $(PY) || python3 -m venv $(VENV)
	@{ find compiler ir passes verifiers -type f \( -name '*.py' -o -name py.typed \) | sort; sha256sum pyproject.toml; } > $(MANIFEST).new
	@cmp -s $(MANIFEST).new $(MANIFEST) || mv $(MANIFEST).new $(MANIFEST)
	@rm -f $(MANIFEST).new

$(STAMP): $(MANIFEST)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade "pip>=24" "setuptools>=69"
	$(PY) -m pip install -q --disable-pip-version-check -e ".[dev]" --config-settings editable_mode=strict
	@touch $(STAMP)

# The main job: check the example project (becomes `aic build` once the build exists).
run: $(STAMP)
	$(VENV)/bin/aic check corpus/example

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy -p aic -p tests
	$(VENV)/bin/pytest
