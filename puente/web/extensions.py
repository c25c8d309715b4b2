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
from django.utils.translation import gettext_lazy as _


class NavArea:
    """Areas that group the main navigation, so a coordinator's sixteen pages fit on a phone."""

    DELIVERY = "delivery"
    WORKFORCE = "workforce"
    RESEARCH = "research"
    ADMINISTRATION = "administration"

    LABELS = {
        DELIVERY: _("Delivery"),
        WORKFORCE: _("Workforce"),
        RESEARCH: _("Research"),
        ADMINISTRATION: _("Administration"),
    }


@dataclass(frozen=True)
class NavItem:
    label: Any  # a lazy translation
    url_name: str
    roles: frozenset[str] | None = None  # None: every signed-in user
    order: int = 100
    area: str | None = None  # a NavArea; None: always shown on its own

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
@dataclass(frozen=True)
class NavEntry:
    """One place in the rendered navigation: a link, or an area holding several links."""

    label: Any
    items: tuple[NavItem, ...]

    @property
    def single(self) -> NavItem | None:
        return self.items[0] if len(self.items) == 1 else None


def nav_for(held_roles: frozenset[str] | set[str]) -> list[NavEntry]:
    """The user's navigation: items they may open, grouped by area; an area with one item is a plain link."""
    groups: list[tuple[Any, list[NavItem]]] = []
    area_items: dict[str, list[NavItem]] = {}
    for item in nav_items():
        if item.roles is not None and not held_roles & item.roles:
            continue
        if item.area is None:
            groups.append((item.label, [item]))
        elif item.area in area_items:
            area_items[item.area].append(item)
        else:
            area_items[item.area] = [item]
            groups.append((NavArea.LABELS[item.area], area_items[item.area]))
    return [NavEntry(items[0].label if len(items) == 1 else label, tuple(items)) for label, items in groups]


@cache
def participant_panel_builders() -> tuple[Callable[..., Panel | None], ...]:
    return tuple(builder for module in _app_modules("panels") for builder in module.PARTICIPANT_PANELS)


def participant_panels(user: Any, participant: Any) -> list[Panel]:
    panels = [builder(user, participant) for builder in participant_panel_builders()]
    return sorted((panel for panel in panels if panel is not None), key=lambda panel: panel.order)


def demo_loaders() -> list[Callable[[Any], None]]:
    return [module.load for module in _app_modules("demo")]
