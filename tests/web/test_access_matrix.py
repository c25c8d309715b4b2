"""Deny by default: every route declares a policy, and every route x persona answers as expected."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.http import Http404, HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from puente.accounts.access import policy_of
from puente.accounts.middleware import AccessPolicyMiddleware
from tests.conftest import PERSONAS, client_for

TESTS = Path(__file__).resolve().parents[1]
MODULES = [
    importlib.import_module(f"tests.{path.parent.name}.access_routes")
    for path in sorted(TESTS.glob("*/access_routes.py"))
]
EXPECTED: dict[str, dict[str, int]] = {name: table for m in MODULES for name, table in m.ROUTES.items()}


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def patterns_by_name() -> dict[str, URLPattern]:
    return {pattern.name: pattern for _route, pattern in walk(get_resolver().url_patterns)}


def url_for(name: str, world) -> str:
    for module in MODULES:
        kwargs = getattr(module, "url_kwargs", lambda _n, _w: None)(name, world)
        if kwargs is not None:
            return reverse(name, kwargs=kwargs)
    return reverse(name)


def test_every_view_declares_an_access_policy():
    missing = [
        route for route, pattern in walk(get_resolver().url_patterns) if policy_of(pattern.callback) is None
    ]
    assert missing == [], f"views without an access policy: {missing}"


def test_every_route_has_a_name_and_is_in_the_permission_matrix():
    names = [pattern.name for _route, pattern in walk(get_resolver().url_patterns)]
    assert None not in names, "every route needs a name to join the permission matrix"
    assert set(names) - set(EXPECTED) == set(), "add new routes to ROUTES in tests/<app>/access_routes.py"
    assert set(EXPECTED) - set(names) == set()


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(world, name, persona):
    response = client_for(world.persona(persona)).get(url_for(name, world))
    assert response.status_code == EXPECTED[name][persona], (name, persona)


@pytest.mark.parametrize("persona", ["psw", "cmhw", "coordinator", "researcher", "data_entry"])
def test_participants_of_another_site_do_not_exist_for_site_a_staff(world, persona):
    client = client_for(world.persona(persona))
    for name, pattern in patterns_by_name().items():
        if set(pattern.pattern.converters) == {"pk"} and name.startswith(
            ("participant_", "identity_", "consent_", "assignment_", "erasure_request")
        ):
            url = reverse(name, kwargs={"pk": world.far_participant.pk})
            assert client.get(url).status_code == 404, url
            assert client.post(url, {}).status_code == 404, url


def test_an_unassigned_participant_is_hidden_from_workers(world):
    url = reverse("participant_detail", kwargs={"pk": world.unassigned_participant.pk})
    assert client_for(world.psw).get(url).status_code == 404
    assert client_for(world.coordinator).get(url).status_code == 200


def test_an_undeclared_view_is_refused(rf, world):
    def bare_view(request):
        return HttpResponse("should never be served")

    request = rf.get("/x")
    request.user = world.admin
    middleware = AccessPolicyMiddleware(lambda r: HttpResponse())
    with pytest.raises(Http404):
        middleware.process_view(request, bare_view, (), {})
