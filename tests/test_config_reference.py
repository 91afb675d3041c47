"""The README's configuration reference is generated from the config models, and every key
of zwgk.yaml is described."""

import inspect
from pathlib import Path

import pytest
from pydantic import BaseModel

import crawler.config
import monitor.config
import monitor.settings
from monitor.config_reference import END, START, config_models, config_reference_markdown

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def defined_models() -> list[type[BaseModel]]:
    """Every pydantic model the two config modules define (the bare `Model` bases aside)."""
    return [
        cls
        for module in (monitor.config, monitor.settings, crawler.config)
        for cls in vars(module).values()
        if inspect.isclass(cls)
        and issubclass(cls, BaseModel)
        and cls.__module__ == module.__name__
        and cls.model_fields
    ]


def test_config_reference_in_readme_is_generated_from_the_code():
    assert README.count(START) == 1 and README.count(END) == 1
    block = README[README.index(START) : README.index(END) + len(END)]
    assert block == config_reference_markdown(), "run `zwgk config reference` and update README.md"


def test_the_reference_is_in_the_configuration_section():
    section = README[README.index("## Configuration (`zwgk.yaml`)") :]
    section = section[: section.index("\n## ")]
    assert START in section and END in section


@pytest.mark.parametrize("model", defined_models(), ids=lambda model: model.__name__)
def test_every_field_has_a_description(model):
    missing = [name for name, info in model.model_fields.items() if not info.description]
    assert not missing, f"{model.__name__}: fields without Field(description=...): {missing}"


def test_every_model_of_the_config_is_in_the_reference():
    documented = {model for _, model in config_models()}
    # Column is documented as the ColumnConfig that extends it
    missing = [
        model.__name__
        for model in defined_models()
        if model not in documented and not any(issubclass(d, model) for d in documented)
    ]
    assert not missing, f"config models the reference does not reach: {missing}"
    markdown = config_reference_markdown()
    for path, model in config_models():
        assert model.__dict__.get("__doc__"), f"{model.__name__} has no docstring"
        assert f"#### `{path}`" in markdown or not path
        for name, info in model.model_fields.items():
            if not info.exclude:
                assert f"| `{name}` |" in markdown


def test_the_reference_shows_types_defaults_and_nested_tables():
    markdown = config_reference_markdown()
    assert "| `region` | string, non-empty | required |" in markdown
    assert "| `concurrency_per_domain` | integer, ≥ 1, ≤ 32 | `2` |" in markdown
    assert "| `detail_max_age_days` | integer or null, ≥ 0 | `null` |" in markdown
    assert "| `kind` | one of `county`, `department`, `township` | required |" in markdown
    assert "| `columns` | list of mappings, see `agencies[].columns[]` | `[]` |" in markdown
    assert "#### `agencies[].columns[].selectors`" in markdown
    assert "`path`" not in markdown  # set by load_config, refused in the file
