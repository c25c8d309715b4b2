"""Deny by default: every route declares a policy, and every route x persona answers as expected."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from puente.accounts.access import policy_of
from tests.conftest import PERSONAS, client_for

ALL = set(PERSONAS) - {"anonymous"}
PARTICIPANT_READERS = {"coordinator", "psw", "cmhw", "other_psw", "researcher", "admin", "data_entry"}
EDITORS = {"coordinator", "admin"}


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def expect(
    ok: set[str],
    *,
    ok_status: int = 200,
    forbidden: int = 403,
    hidden: set[str] = frozenset(),
    anonymous: int = 302,
) -> dict[str, int]:
    """Expected status per persona: ``ok`` get ok_status, ``hidden`` 404, the rest ``forbidden``."""
    table = {"anonymous": anonymous}
    for persona in ALL:
        table[persona] = ok_status if persona in ok else 404 if persona in hidden else forbidden
    return table


# Statuses for a GET by each persona. Pages about one participant use ``own_participant`` (site A,
# supported by ``psw`` and ``cmhw``): ``other_psw`` works at site B and must get 404.
EXPECTED: dict[str, dict[str, int]] = {
    "home": expect(ALL),
    "login": {**expect(set(), forbidden=302), "anonymous": 200},
    "logout": {**expect(set(), forbidden=405), "anonymous": 405},
    "set_language": {**expect(set(), forbidden=405), "anonymous": 405},
    "healthz": {**expect(ALL), "anonymous": 200},
    "participant_list": expect(PARTICIPANT_READERS),
    "participant_create": expect(EDITORS),
    "participant_detail": expect(PARTICIPANT_READERS - {"other_psw"}, hidden={"other_psw"}),
    "participant_edit": expect(EDITORS, hidden={"other_psw"}),
    "participant_retire": expect(EDITORS, hidden={"other_psw"}),
    "participant_identity": expect({"coordinator", "admin", "psw", "cmhw"}, hidden={"other_psw"}),
    "identity_edit": expect(EDITORS, hidden={"other_psw"}),
    "consent_give": expect(EDITORS, hidden={"other_psw"}),
    "consent_withdraw": expect(EDITORS, hidden={"other_psw"}),
    "assignment_add": expect(EDITORS, hidden={"other_psw"}),
    "audit_log": expect({"admin"}),
}


def test_every_view_declares_an_access_policy():
    missing = [
        route for route, pattern in walk(get_resolver().url_patterns) if policy_of(pattern.callback) is None
    ]
    assert missing == [], f"views without an access policy: {missing}"


def test_every_named_route_is_in_the_permission_matrix():
    names = {pattern.name for _route, pattern in walk(get_resolver().url_patterns)}
    assert names - set(EXPECTED) == set(), "add new routes to EXPECTED in this file"
    assert set(EXPECTED) - names == set()


def _url(name: str, world) -> str:
    pattern = next(p for _r, p in walk(get_resolver().url_patterns) if p.name == name)
    if "pk" in pattern.pattern.converters:
        return reverse(name, kwargs={"pk": world.own_participant.pk})
    return reverse(name)


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(world, name, persona):
    response = client_for(world.persona(persona)).get(_url(name, world))
    assert response.status_code == EXPECTED[name][persona], (name, persona)


@pytest.mark.parametrize("persona", ["psw", "cmhw", "coordinator", "researcher", "data_entry"])
def test_participants_of_another_site_do_not_exist_for_site_a_staff(world, persona):
    client = client_for(world.persona(persona))
    for _route, pattern in walk(get_resolver().url_patterns):
        if "pk" in pattern.pattern.converters:
            url = reverse(pattern.name, kwargs={"pk": world.far_participant.pk})
            assert client.get(url).status_code == 404, url
            assert client.post(url, {}).status_code == 404, url


def test_an_unassigned_participant_is_hidden_from_workers(world):
    client = client_for(world.psw)
    assert (
        client.get(reverse("participant_detail", kwargs={"pk": world.unassigned_participant.pk})).status_code
        == 404
    )
    assert (
        client_for(world.coordinator)
        .get(reverse("participant_detail", kwargs={"pk": world.unassigned_participant.pk}))
        .status_code
        == 200
    )


def test_an_undeclared_view_is_refused(rf, world):
    from django.http import HttpResponse

    from puente.accounts.middleware import AccessPolicyMiddleware

    def bare_view(request):
        return HttpResponse("should never be served")

    request = rf.get("/x")
    request.user = world.admin
    middleware = AccessPolicyMiddleware(lambda r: HttpResponse())
    with pytest.raises(Exception) as raised:
        middleware.process_view(request, bare_view, (), {})
    assert raised.type.__name__ == "Http404"
