# Two commands set everything up: `make report` and `make test` create .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
KERNEL := bagram-briefing

.PHONY: report annex publish test lab bench validate clean strip-outputs

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (Bagram briefing)" >/dev/null
	@$(MAKE) --no-print-directory strip-outputs
	@touch $(STAMP)

# Notebooks are committed without outputs: nbstripout becomes this checkout's git filter (the
# attributes are committed in .gitattributes). Outside a git checkout there is nothing to set up.
strip-outputs:
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
	  $(BIN)/nbstripout --install --attributes .gitattributes && \
	  git config filter.nbstripout.extrakeys "cell.metadata.user_expressions" && \
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
test: $(STAMP)
	@tests/e2e/install-tools.sh
	@$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "error: no tests were collected" >&2; exit 1; fi; exit $$rc

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf .build
