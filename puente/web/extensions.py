"""How apps plug into shared pages without those pages knowing them.

Each installed Puente app may have:
- ``nav.py`` with ``ITEMS``: a list of :class:`NavItem` shown in the main navigation to the roles given;
- ``panels.py`` with ``PARTICIPANT_PANELS``: functions ``(user, participant) -> Panel | None`` whose panels
  appear on the participant page, in app order; each must run a fixed number of queries;
- ``demo.py`` with ``load(demo)``: adds the app's part of the synthetic demo programme.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from types import ModuleType
from typing import Any

from django.apps import apps
from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: Any  # a lazy translation
    url_name: str
    roles: frozenset[str] | None = None  # None: every signed-in user
    order: int = 100

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


def _app_modules(submodule: str) -> Iterator[ModuleType]:
    for config in apps.get_app_configs():
        if not config.name.startswith("puente."):
            continue
        name = f"{config.name}.{submodule}"
        if importlib.util.find_spec(name) is not None:
            yield importlib.import_module(name)


@cache
def nav_items() -> tuple[NavItem, ...]:
    items = [item for module in _app_modules("nav") for item in module.ITEMS]
    return tuple(sorted(items, key=lambda item: item.order))


@cache
def participant_panel_builders() -> tuple[Callable[..., Panel | None], ...]:
    return tuple(builder for module in _app_modules("panels") for builder in module.PARTICIPANT_PANELS)


def participant_panels(user: Any, participant: Any) -> list[Panel]:
    panels = [builder(user, participant) for builder in participant_panel_builders()]
    return sorted((panel for panel in panels if panel is not None), key=lambda panel: panel.order)


def demo_loaders() -> list[Callable[[Any], None]]:
    return [module.load for module in _app_modules("demo")]
