"""The README is a contract: every command is documented, the rule reference is current."""

import re
from pathlib import Path

import click

from monitor.cli import main
from rules.reference import END, START, reference_markdown

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def command_paths(group: click.Group, prefix: str = "zwgk") -> list[str]:
    ctx = click.Context(group)
    paths = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        path = f"{prefix} {name}"
        if isinstance(command, click.Group) and command.list_commands(ctx):
            if command.invoke_without_command:
                paths.append(path)
            paths += command_paths(command, path)
        else:
            paths.append(path)
    return paths


def test_every_command_is_in_the_readme():
    documented = set(re.findall(r"`(zwgk [a-z -]+?)(?: [A-Z\[\-]|`)", README))
    missing = [path for path in command_paths(main) if path not in documented]
    assert not missing, f"commands missing from README: {missing}"


def test_rule_reference_in_readme_is_generated_from_the_code():
    block = README[README.index(START) : README.index(END) + len(END)]
    assert block == reference_markdown(), "run `zwgk rules reference` and update README.md"
