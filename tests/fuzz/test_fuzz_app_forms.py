"""Random posts to every form of every app: never a server error, and a refusal writes nothing.

The routes come from the URL configuration (every route of the people, programmes, workforce,
instruments, evaluation and qualitative apps), their URL arguments from the permission matrix
(``tests/<app>/access_routes.py``, objects at site A) and the persona from the matrix too: the first of
:data:`PREFERRED` that may open the page. The page is fetched, the fields of its POST forms are read
from the HTML (names, the options offered, the hidden values such as versions), and Hypothesis posts
random mixtures of offered values and hostile ones (odd Unicode, NULs, huge strings, impossible dates,
numbers out of range). Every answer must be an ordinary page: a 2xx/3xx, or 400/403/404/405/409.
A refused post (anything but a redirect) must leave every row count and the audit log as they were.
"""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser

import pytest
from django.apps import apps
from hypothesis import given, settings
from hypothesis import strategies as st

from puente.audit.models import AuditEvent
from tests.conftest import client_for
from tests.web.test_access_matrix import EXPECTED, patterns_by_name, url_for

APPS = ("people", "programs", "workforce", "instruments", "analysis", "qualitative")
PREFERRED = ("coordinator", "researcher", "admin", "psw", "trainer", "data_entry", "cmhw")
# Rows that change without any write of domain data (sessions, sign-in bookkeeping).
NOT_COUNTED = {"accounts.loginattempt", "sessions.session"}
# Audit events that record a read, not a change: re-showing a refused form may log one.
READ_ACTIONS = (
    ".read",
    ".read_for_deidentification",
    ".export",
    ".access_list",
    ".participants",
    ".download_html",
    ".download_pdf",
)
# Routes whose successful post answers 200 (not a redirect), and why.
SUCCESS_IS_200 = {"selfreport_link_create": "the new link is shown once, on the page that made it"}
REFUSED = {200, 400, 403, 404, 405, 409}
EXAMPLES_PER_FORM = 10


def app_routes() -> list[str]:
    names = []
    for name, pattern in patterns_by_name().items():
        module = getattr(pattern.callback, "__module__", "")
        if any(module.startswith(f"puente.{app}.") for app in APPS) and name in EXPECTED:
            names.append(name)
    return sorted(names)


def persona_for(name: str) -> str | None:
    return next((p for p in PREFERRED if EXPECTED[name].get(p) == 200), None)


class PostForms(HTMLParser):
    """Field names of the page's method=post forms, with the values the page offers for each."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self.in_post_form = False
        self.select: str | None = None
        self.fields: dict[str, set[str]] = {}

    def offer(self, name: str | None, value: str | None) -> None:
        if name and name != "csrfmiddlewaretoken":
            self.fields.setdefault(name, set())
            if value is not None:
                self.fields[name].add(value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            # Only the page's own forms: the header's language and sign-out forms post elsewhere.
            posts_here = (a.get("action") or self.url).split("?")[0] == self.url
            self.in_post_form = (a.get("method") or "").lower() == "post" and posts_here
        elif not self.in_post_form:
            return
        elif tag in ("input", "button"):
            self.offer(a.get("name"), a.get("value"))
        elif tag == "textarea":
            self.offer(a.get("name"), None)
        elif tag == "select":
            self.select = a.get("name")
            self.offer(self.select, None)
        elif tag == "option" and self.select:
            self.offer(self.select, a.get("value"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_post_form = False
        elif tag == "select":
            self.select = None


def post_fields(html: str, url: str) -> dict[str, list[str]]:
    parser = PostForms(url)
    parser.feed(html)
    return {name: sorted(values) for name, values in parser.fields.items()}


TODAY = dt.date.today()
HOSTILE = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "2147483648",
        "1e309",
        "NaN",
        "3.5",
        "2024-02-30",
        "0001-01-01",
        "9999-12-31",
        (TODAY + dt.timedelta(days=400)).isoformat(),
        (TODAY - dt.timedelta(days=1)).isoformat(),
        TODAY.isoformat(),
        "a\x00b",
        "\u202eevil",
        "Zoë 🙂 مرحبا 中文",
        "<script>alert(1)</script>",
        "../../etc/passwd",
        "x" * 5000,
        "{}",
        "[]",
    ]
)


def value_for(offered: list[str]) -> st.SearchStrategy[str]:
    choices = [st.sampled_from(offered)] if offered else []
    return st.one_of(*choices, HOSTILE, st.text(max_size=30), st.integers(-(10**6), 10**6).map(str))


def counts() -> tuple[int, ...]:
    counted = [
        model
        for model in apps.get_models()
        if model._meta.app_label in {*APPS, "web", "accounts"}
        and model._meta.label_lower not in NOT_COUNTED
        and model is not AuditEvent
    ]
    actions = AuditEvent.objects.values_list("action", flat=True)
    changes = [action for action in actions if not action.endswith(READ_ACTIONS)]
    return (*(model.objects.count() for model in counted), len(changes))


# POST-only routes (no persona opens them with a GET) have their own test below.
@pytest.mark.parametrize("name", [name for name in app_routes() if persona_for(name)])
def test_random_posts_to_every_form(world, name):
    persona = persona_for(name)
    client = client_for(world.persona(persona))
    url = url_for(name, world)
    page = client.get(url)
    is_html = page.get("Content-Type", "").startswith("text/html")
    fields = post_fields(page.content.decode(), url) if page.status_code == 200 and is_html else {}
    if not fields:
        return  # a page without a form to post (lists, reports, downloads)
    before = {"rows": counts()}

    @settings(max_examples=EXAMPLES_PER_FORM)
    @given(data=st.data())
    def post_random_values(data):
        chosen = data.draw(st.lists(st.sampled_from(sorted(fields)), unique=True, max_size=len(fields)))
        post = {
            field: data.draw(st.lists(value_for(fields[field]), min_size=1, max_size=2)) for field in chosen
        }
        response = client.post(url, post)
        assert response.status_code < 500, (name, post)
        if response.status_code == 200 and name in SUCCESS_IS_200:
            before["rows"] = counts()
        elif response.status_code in REFUSED:
            assert counts() == before["rows"], (name, post, response.status_code)
        else:
            assert response.status_code in {301, 302, 303}, (name, post, response.status_code)
            before["rows"] = counts()

    post_random_values()


POST_ONLY = sorted(
    name for name in app_routes() if persona_for(name) is None and 405 in EXPECTED[name].values()
)
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**9), 10**9) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=10,
)
JSON_BODY = st.dictionaries(
    st.sampled_from(["start", "end", "codes", "code", "text", "memo", "version", "coding", "q"]),
    JSON_VALUE,
    max_size=6,
)


@pytest.mark.parametrize("name", POST_ONLY)
def test_random_bodies_to_post_only_endpoints(world, name):
    persona = next(p for p in PREFERRED if EXPECTED[name].get(p) == 405)
    client = client_for(world.persona(persona))
    url = url_for(name, world)
    before = {"rows": counts()}

    @settings(max_examples=EXAMPLES_PER_FORM)
    @given(body=st.one_of(JSON_BODY.map(json.dumps), st.text(max_size=60)), as_json=st.booleans())
    def post_random_body(body, as_json):
        if as_json:
            response = client.post(url, body, content_type="application/json")
        else:
            response = client.post(url, {"payload": body, "version": body[:5]})
        assert response.status_code < 500, (name, body)
        if response.status_code >= 400:
            assert counts() == before["rows"], (name, body, response.status_code)
        else:
            before["rows"] = counts()

    post_random_body()
