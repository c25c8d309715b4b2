"""A checkbox list rendered in Python, with the same HTML as Django's template-based widget.

The caseload review form lists every worker of the coordinator's sites and the participants offered
for discussion; Django renders three templates per option, which made the form the part of the page
that grew most with the size of a site.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict[str, Any]) -> str:
    # As django/forms/widgets/attrs.html: False leaves the attribute out, True writes it bare.
    return "".join(
        f" {conditional_escape(name)}" + ("" if value is True else f'="{conditional_escape(str(value))}"')
        for name, value in attrs.items()
        if value is not False
    )


def _option(option: dict[str, Any]) -> str:
    # As django/forms/widgets/checkbox_option.html, which includes input_option.html and input.html
    # (their closing newlines included).
    value = "" if option["value"] is None else f' value="{conditional_escape(str(option["value"]))}"'
    field = (
        f'<input type="{conditional_escape(option["type"])}" name="{conditional_escape(option["name"])}"'
        f"{value}{_attrs(option['attrs'])}>\n"
    )
    if not option["wrap_label"]:
        return field + "\n\n"
    option_id = option["attrs"].get("id")
    label_for = f' for="{conditional_escape(option_id)}"' if option_id else ""
    return f"<label{label_for}>{field} {conditional_escape(option['label'])}</label>\n\n"


class CheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Django's CheckboxSelectMultiple without a template per option. It keeps Django's class name:
    form_fields.html lays checkbox lists out in a fieldset by the widget's type."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        list_id = widget["attrs"].get("id")
        css_class = widget["attrs"].get("class")
        parts = [
            "<div",
            f' id="{conditional_escape(list_id)}"' if list_id else "",
            f' class="{conditional_escape(css_class)}"' if css_class else "",
            ">",
        ]
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(f"\n  <div><label>{conditional_escape(group)}</label>")
            parts.extend(f"<div>\n    {_option(option)}</div>" for option in options)
            if group:
                parts.append("\n  </div>")
        parts.append("\n</div>")
        return mark_safe("".join(parts))  # every value above is escaped
