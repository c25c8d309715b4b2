from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get(mapping: Any, key: str) -> Any:
    """``mapping[key]`` in a template, '' when absent."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""
