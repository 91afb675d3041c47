VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DEMO_OUT ?= demo-out

.PHONY: demo test lint clean debian-packages

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
	$(VENV)/bin/pytest -q

clean:
	rm -rf $(VENV) $(DEMO_OUT)
