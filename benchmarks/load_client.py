"""A small HTTP client for the write load: one keep-alive connection, cookies, a form reader.

Standard library only (http.client, html.parser), so the load it makes is plain and easy to reason about.
"""

from __future__ import annotations

import http.client
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode

CONTACT_LINK = re.compile(r'href="(/programmes/enrolments/(\d+)/contacts/new/)[^"]*"')


@dataclass
class Response:
    status: int
    location: str
    body: str


class FormReader(HTMLParser):
    """The fields of the first form holding ``marker`` (a field name), with the values a person who
    accepts every default would send: checked boxes and radios (else the first radio), selected options."""

    def __init__(self, marker: str) -> None:
        super().__init__(convert_charrefs=True)
        self.marker = marker
        self.forms: list[dict[str, list[str]]] = []
        self._form: dict[str, list[str]] | None = None
        self._first_radio: dict[str, str] = {}
        self._select: str | None = None
        self._select_first: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form, self._first_radio = {}, {}
            return
        if self._form is None:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind == "radio":
                self._first_radio.setdefault(name, a.get("value", ""))
                if "checked" in a:
                    self._form[name] = [a.get("value", "")]
            elif kind == "checkbox":
                if "checked" in a:
                    self._form.setdefault(name, []).append(a.get("value", "on"))
            elif kind not in ("submit", "button", "file"):
                self._form[name] = [a.get("value", "")]
        elif tag == "select" and name:
            self._select, self._select_first = name, None
        elif tag == "option" and self._select:
            if self._select_first is None:
                self._select_first = a.get("value", "")
            if "selected" in a:
                self._form[self._select] = [a.get("value", "")]
        elif tag == "textarea" and name:
            self._textarea = name
            self._form[name] = [""]

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form[self._textarea][0] += data

    def handle_endtag(self, tag: str) -> None:
        if self._form is None:
            return
        if tag == "select" and self._select:
            self._form.setdefault(self._select, [self._select_first or ""])
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            for name, value in self._first_radio.items():
                self._form.setdefault(name, [value])
            self.forms.append(self._form)
            self._form = None

    def fields(self) -> dict[str, list[str]]:
        for form in self.forms:
            if self.marker in form:
                return form
        raise LookupError(f"no form with a field named {self.marker!r}")


def read_form(html: str, marker: str) -> dict[str, list[str]]:
    reader = FormReader(marker)
    reader.feed(html)
    reader.close()
    return reader.fields()


@dataclass
class Browser:
    """One user's connection: cookies kept, redirects not followed (a 302 is the answer we check)."""

    host: str
    port: int
    timeout: float = 60.0
    cookies: dict[str, str] = field(default_factory=dict)
    _conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            self._conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def request(self, method: str, path: str, form: dict[str, list[str]] | None = None) -> Response:
        headers = {"Host": f"{self.host}:{self.port}", "Connection": "keep-alive"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = self._connection()
        try:
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            payload = raw.read()
        except (OSError, http.client.HTTPException):
            self.close()  # the next request opens a fresh connection
            raise
        for header in raw.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if raw.getheader("Connection", "").lower() == "close":
            self.close()
        return Response(raw.status, raw.getheader("Location", ""), payload.decode("utf-8", "replace"))

    def csrf(self) -> str:
        return self.cookies.get("csrftoken", "")

    def sign_in(self, username: str, password: str) -> None:
        page = self.request("GET", "/login/")
        fields = read_form(page.body, "password")
        fields.update(username=[username], password=[password])
        answer = self.request("POST", "/login/", fields)
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"{username} could not sign in (HTTP {answer.status})")
