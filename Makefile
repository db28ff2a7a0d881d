# Two commands set everything up: `make report` and `make test` create .venv on first use and install
# the exact versions locked for its Python (requirements/lock-pyX.Y.txt), hash-checked, compiled to
# bytecode (the package too), so that no process compiles the stack again where Python does not
# write bytecode (PYTHONDONTWRITEBYTECODE): a build starts a dozen processes.
VENV   := .venv
BIN    := $(VENV)/bin
# The interpreter: PYTHON=python3.13 picks one; otherwise the existing .venv's, else python3.
PYTHON ?= $(if $(wildcard $(BIN)/python),$(BIN)/python,python3)
PYVER  := $(or $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null),none)
LOCKED_PYTHONS := 3.11 3.12 3.13
LOCK   := requirements/lock-py$(PYVER).txt
BOOT   := requirements/bootstrap.txt
STAMP  := $(VENV)/.installed-py$(PYVER)
KERNEL := bagram-briefing
# uv (installed into .venv by pip from $(BOOT)) installs the lock; INSTALLER=pip uses pip alone.
INSTALLER ?= uv
RUFF_PATHS := src tests benchmarks data/geo notebooks

.PHONY: report annex publish lint test test-fast test-pythons install lock lab labextension bench validate clean strip-outputs

$(STAMP): $(LOCK) $(BOOT) pyproject.toml
	@test "$$($(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" = "$(PYVER)" \
	  || { rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	@if [ "$(INSTALLER)" = uv ] && ! $(BIN)/python -m pip install --quiet --require-hashes -r $(BOOT); then \
	  echo "warning: uv could not be installed; installing with pip" >&2; fi
	@if [ "$(INSTALLER)" = uv ] && [ -x $(BIN)/uv ]; then \
	  echo "installing $(LOCK) with uv"; \
	  $(BIN)/uv pip install --quiet --python $(BIN)/python --compile-bytecode --require-hashes -r $(LOCK) && \
	  $(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps --no-build-isolation -e .; \
	else \
	  echo "installing $(LOCK) with pip"; \
	  $(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK) && \
	  $(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .; \
	fi
	@$(BIN)/python -m compileall -q src/briefing
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (Bagram briefing)" >/dev/null
	@$(MAKE) --no-print-directory strip-outputs
	@rm -f $(VENV)/.installed*
	@touch $(STAMP)

# No lock for this interpreter (or no interpreter at all): say so instead of make's "No rule".
requirements/lock-py%.txt:
	@if [ "$*" = none ]; then echo "error: Python interpreter '$(PYTHON)' not found (pick one: PYTHON=python3.12)" >&2; \
	else echo "error: no lock for Python $*; supported: $(LOCKED_PYTHONS)" >&2; fi; exit 1

install: $(STAMP)

# Notebooks are committed without outputs: nbstripout becomes this checkout's git filter (the
# attributes are committed in .gitattributes). Besides outputs and counts it strips what a run in
# JupyterLab adds (briefing.publish.lab.saving.KEYS: the values of {eval} expressions, the kernel's
# language_info). Outside a git checkout there is nothing to set up.
strip-outputs:
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
	  $(BIN)/nbstripout --install --attributes .gitattributes && \
	  git config filter.nbstripout.extrakeys "$$($(BIN)/python -m briefing.publish.lab.saving)" && \
	  echo "notebook outputs are stripped on commit (nbstripout git filter)"; \
	else echo "not a git checkout: notebook outputs will not be stripped on commit"; fi

report: $(STAMP)
	@$(BIN)/python -m briefing build $(if $(FORCE),--force)

# The annex (the full analysis) in print: laid out only when its chapters changed.
annex: $(STAMP)
	@$(BIN)/python -m briefing annex

# Record the current briefing as an edition: "what changed" compares later builds with it.
publish: $(STAMP)
	@$(BIN)/python -m briefing publish

validate: $(STAMP)
	@$(BIN)/python -m briefing validate

# pytest exits 5 when it collected nothing: that is a failure here, not a pass.
# Lint and format are checked first: a tree ruff refuses fails the tests.
lint: $(STAMP)
	@$(BIN)/ruff check $(RUFF_PATHS) && $(BIN)/ruff format --check --quiet $(RUFF_PATHS)

test: $(STAMP) lint
	@tests/e2e/install-tools.sh
	@$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "error: no tests were collected" >&2; exit 1; fi; exit $$rc

# Everything but the browser tests and the whole-build tests, on every core (pytest-xdist; each test
# file on one worker, so that its module fixtures are built once): a few minutes.
test-fast: $(STAMP) lint
	@$(BIN)/python -m pytest -m 'not e2e and not slow' -n auto --dist loadfile $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "error: no tests were collected" >&2; exit 1; fi; exit $$rc

# Regenerate the locks from pyproject.toml, keeping current pins that still fit; UPGRADE=1 takes the newest.
lock:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet --require-hashes -r $(BOOT)
	@for v in $(LOCKED_PYTHONS); do \
	  $(BIN)/uv pip compile pyproject.toml requirements/build.in --extra test --python-version $$v \
	    --generate-hashes --custom-compile-command "make lock" --quiet $(if $(UPGRADE),--upgrade) \
	    -o requirements/lock-py$$v.txt || exit 1; done
	@$(BIN)/uv pip compile requirements/bootstrap.in --generate-hashes --custom-compile-command "make lock" \
	  --quiet $(if $(UPGRADE),--upgrade) -o $(BOOT)

# JupyterLab on the chapters with the project's settings (src/briefing/publish/lab/): a chapter is saved as
# it is committed, a kernel ends when its notebook closes and idle ones are culled, only the
# project's kernel is offered, and the briefing's extension is loaded from the package.
lab: $(STAMP)
	$(BIN)/python -m briefing.publish.lab $(if $(filter 0,$(shell id -u)),--allow-root)

# The briefing's JupyterLab extension (values of {eval} expressions on a Markdown cell's first run) is
# built from labextension/ (TypeScript) with Node and npm into the package, which installs it where
# JupyterLab finds prebuilt extensions; the built files are committed, so that using it needs no Node.
LABEXT_NODE := labextension/node_modules/.package-lock.json
$(LABEXT_NODE): labextension/package.json labextension/package-lock.json
	cd labextension && npm ci --no-audit --no-fund --loglevel=error

labextension: $(STAMP) $(LABEXT_NODE)
	cd labextension && npx tsc
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/jupyter labextension build labextension

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf .build
