# persian-news-coverage — `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV := .venv
VPY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CORPUS ?= seeds
# make report: FIG_LANG=fa|en|both (figure labels; not LANG, the locale variable),
# LEXICON=path/to/lexicon.yaml, OUT=folder (executed notebooks and HTML; figures in OUT/figures)
FIG_LANG ?= fa
LEXICON ?=
OUT ?= reports
# make bench: BENCH_DOCS=100000 for the 100k figures, NAIVE_DOCS=N to time the naive run on N and scale,
# BENCH_REPEAT=R to run every mode R times (in rounds) and keep each one's best
BENCH_DOCS ?= 5000
NAIVE_DOCS ?=
BENCH_REPEAT ?= 1
# make lab: PORT=8888 (default: the first free port from 8888), TOKEN=secret (default: a random one)
PORT ?=
TOKEN ?=

# The tools' own files (matplotlib's font cache, IPython history, Dask's scratch space,
# Jupyter's runtime files) stay in the project, git-ignored: helpers.config.tool_environment
TOOLS := $(CURDIR)/data/interim/tools
export MPLCONFIGDIR ?= $(TOOLS)/matplotlib
export IPYTHONDIR ?= $(TOOLS)/ipython
export DASK_TEMPORARY_DIRECTORY ?= $(TOOLS)/dask
export JUPYTER_RUNTIME_DIR ?= $(TOOLS)/jupyter-runtime

# First interpreter that satisfies requires-python (>=3.12,<3.14). With pyenv,
# .python-version makes python3.12 resolve inside this folder.
PYTHON ?= $(shell for p in python3.12 python3.13 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(not (3, 12) <= sys.version_info[:2] < (3, 14))' >/dev/null 2>&1; \
	then echo $$p; break; fi; done)

.PHONY: help setup test e2e check coverage lab report notebooks bench bench-loading bench-scaling lock clean-cache clean tools-env

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml requirements.lock
	@if [ -z "$(PYTHON)" ]; then echo "setup: no Python 3.12 or 3.13 found (hazm >= 0.11 needs one); install it, e.g. 'pyenv install 3.12'" >&2; exit 1; fi
	@if [ ! -x $(VPY) ] || ! $(VPY) -c 'import sys; sys.exit(not (3, 12) <= sys.version_info[:2] < (3, 14))' 2>/dev/null; then \
		rm -rf $(VENV); echo "setup: creating $(VENV) with $$($(PYTHON) --version)"; $(PYTHON) -m venv $(VENV); fi
	@echo "setup: installing locked dependencies (requirements.lock)"
	@$(VPY) -m pip install --quiet --disable-pip-version-check -r requirements.lock 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
	@$(VPY) -m pip install --quiet --disable-pip-version-check --no-deps -e . 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
	@mkdir -p "$(MPLCONFIGDIR)" "$(IPYTHONDIR)" "$(DASK_TEMPORARY_DIRECTORY)" "$(JUPYTER_RUNTIME_DIR)"
	@# a named kernel inside .venv (nothing written to the home folder): notebooks open with it
	@$(VPY) -m ipykernel install --sys-prefix --name persian-news-coverage --display-name "Python (persian-news-coverage)" >/dev/null
	@touch $(STAMP)

setup: $(STAMP) ## Create .venv (Python 3.12/3.13) with the locked dependencies and the package
	@mkdir -p "$(MPLCONFIGDIR)" "$(IPYTHONDIR)" "$(DASK_TEMPORARY_DIRECTORY)" "$(JUPYTER_RUNTIME_DIR)"
	@echo "setup: $(VENV) is up to date ($$($(VPY) --version))"

test: setup ## Run all tests: unit, doctests, property-based, pixel, strict nbval, JupyterLab e2e
	$(VPY) -m pytest

e2e: setup ## Open and run every notebook in JupyterLab in headless Chromium (screenshots in artifacts/e2e/)
	$(VPY) -m pytest tests/e2e -s -p no:cacheprovider

check: setup ## Load a corpus and report documents and skipped inputs (CORPUS=path)
	$(VPY) -m helpers check $(CORPUS)

coverage: setup ## Load a corpus, count topic mentions per document: reports/coverage.csv (CORPUS=path)
	@mkdir -p reports
	@$(VPY) -m helpers coverage $(CORPUS) --output reports/coverage.csv; status=$$?; \
		if [ $$status -le 1 ]; then echo "coverage: wrote reports/coverage.csv (one row per document, one column per topic)"; fi; \
		exit $$status

bench: setup ## Naive notebook vs the pipeline cold (1 core, all cores, pool running) and warm, ratios in one run (BENCH_DOCS=5000, BENCH_REPEAT=1)
	$(VPY) benchmarks/pipeline.py --docs $(BENCH_DOCS) --repeat $(BENCH_REPEAT) $(if $(NAIVE_DOCS),--naive-docs $(NAIVE_DOCS))

bench-loading: setup ## Benchmark normalization and corpus loading alone (prints MB/s and ratios)
	$(VPY) benchmarks/corpus_loading.py

bench-scaling: setup ## Benchmark 10k and 100k documents: one process, all cores, Dask, warm cache (~20 min)
	$(VPY) benchmarks/scaling.py

lab: setup ## JupyterLab on working copies of the notebooks in workspace/ (PORT=, TOKEN=)
	$(VPY) -m helpers lab $(if $(PORT),--port $(PORT)) $(if $(TOKEN),--token $(TOKEN))

report: setup ## Run every notebook headless (CORPUS=, FIG_LANG=fa|en|both, LEXICON=, OUT=reports): OUT/*.html, OUT/figures/
	@$(VPY) -m helpers report --corpus "$(CORPUS)" --out "$(OUT)" --lang "$(FIG_LANG)" $(if $(LEXICON),--lexicon "$(LEXICON)") >/dev/null && \
		echo "report: executed notebooks and their HTML in $(OUT)/, figures in $(OUT)/figures/"

notebooks: setup ## Re-execute the committed notebooks in place (after a deliberate change)
	$(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace --log-level=WARN \
		--ExecutePreprocessor.kernel_name=persian-news-coverage --ExecutePreprocessor.record_timing=False \
		--ExecutePreprocessor.timeout=600 "--ExecutePreprocessor.extra_arguments=['--IPKernelApp.log_level=CRITICAL']" \
		notebooks/[0-9][0-9]-*.ipynb

lock: setup ## Re-resolve requirements.lock from pyproject.toml (needs the network)
	$(VPY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --extra dask --python-version 3.12 \
		--python-platform x86_64-unknown-linux-gnu -o requirements.lock --quiet

clean-cache: ## Delete the caches (normalized corpus, topic mentions)
	rm -rf data/interim/corpus-cache

clean: clean-cache ## Delete the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .hypothesis

tools-env: # where the tools keep their own files (tests/test_project.py compares it with helpers.config)
	@printf '%s\n' "MPLCONFIGDIR=$(MPLCONFIGDIR)" "IPYTHONDIR=$(IPYTHONDIR)" \
		"DASK_TEMPORARY_DIRECTORY=$(DASK_TEMPORARY_DIRECTORY)" "JUPYTER_RUNTIME_DIR=$(JUPYTER_RUNTIME_DIR)"
