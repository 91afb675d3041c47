VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DEMO_OUT ?= demo-out

.PHONY: demo test test-fast lint clean debian-packages

# Every time, before anything else: silent and fast when nothing is missing.
debian-packages:
	@bash deps/ensure-debian-packages

$(STAMP): pyproject.toml | debian-packages
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: debian-packages $(STAMP)
	$(VENV)/bin/zwgk demo --out $(DEMO_OUT)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: debian-packages lint
	$(VENV)/bin/pytest -q -n auto --dist worksteal

# The inner loop: everything but the end-to-end cycles and the slow measurements (about a minute).
test-fast: debian-packages $(STAMP)
	$(VENV)/bin/pytest -q -n auto -m "not e2e and not slow"

clean:
	rm -rf $(VENV) $(DEMO_OUT)
