"""The starting frameworks shipped with Puente, as data files in `frameworks/`.

A framework gives codes (with definitions, inclusion/exclusion criteria, an example and a colour)
and code groups. Watson's five mechanisms and CHIME are flat lists placed in one group each; the
content-analysis framework has four groups, each a parent code with its child codes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

SLUGS = ("watson", "chime", "content_groups")


@dataclass(frozen=True)
class FrameworkCode:
    name: str
    colour: str = "#4a7fb5"
    definition: str = ""
    inclusion: str = ""
    exclusion: str = ""
    example: str = ""
    children: tuple[FrameworkCode, ...] = ()


@dataclass(frozen=True)
class Framework:
    slug: str
    name: str
    description: str
    # group name -> top-level codes in it
    groups: dict[str, tuple[FrameworkCode, ...]] = field(default_factory=dict)

    def code_count(self) -> int:
        return sum(1 + len(c.children) for codes in self.groups.values() for c in codes)


def _code(data: dict) -> FrameworkCode:
    keys = ("colour", "definition", "inclusion", "exclusion", "example")
    return FrameworkCode(name=data["name"], **{k: data[k] for k in keys if k in data})


@cache
def load(slug: str) -> Framework:
    if slug not in SLUGS:
        raise KeyError(slug)
    data = json.loads(resources.files(__package__).joinpath("frameworks", f"{slug}.json").read_text("utf-8"))
    if "codes" in data:
        groups = {data["group"]: tuple(_code(c) for c in data["codes"])}
    else:
        groups = {}
        for group in data["groups"]:
            children = tuple(FrameworkCode(name=n, colour=group["colour"]) for n in group["codes"])
            parent = FrameworkCode(
                name=group["name"], colour=group["colour"], definition=group["definition"], children=children
            )
            groups[group["name"]] = (parent,)
    return Framework(slug, data["name"], data["description"], groups)


def all_frameworks() -> list[Framework]:
    return [load(slug) for slug in SLUGS]
