"""Settings and commands that users can reach must be documented in the README."""

from __future__ import annotations

import re
from pathlib import Path

from puente.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_environment_setting_is_documented():
    source = (ROOT / "puente" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r"""(?:environ\.get|env_bool)\(\s*["']([A-Z_]+)["']""", source))
    assert names, "no settings found: the pattern is out of date"
    missing = sorted(name for name in names if f"`{name}`" not in README)
    assert missing == [], f"document these settings in README.md: {missing}"


def test_every_command_is_documented():
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    missing = sorted(name for name in commands if f"`puente {name}" not in README)
    assert missing == [], f"document these commands in README.md: {missing}"
