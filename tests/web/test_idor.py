"""Insecure direct object references: every object URL, asked with another site's identifiers, is 404.

How the site-B objects are made: the world is mirrored (:func:`mirror_world`): site B plays "site A",
with a coordinator, workers, a researcher, a trainer and data-entry staff of its own, and
``far_participant`` as the own participant. Each app's ``url_kwargs(name, world)`` (the permission
matrix machinery, ``tests/<app>/access_routes.py``) is then called with the mirrored world, so it builds
its objects at site B. An app whose objects do not follow the world's sites can define
``url_kwargs_other_site(name, world)`` in its access_routes module (it gets the real world and returns
the kwargs of an object that only site B holds); :data:`OTHER_SITE_KWARGS` below does the same for
the routes that need it today.

Site-A staff (each persona holding roles at site A only) then ask for every such URL, by GET and by
POST. Whoever the route's role policy admits must get 404 (or 405 for a method the route never takes):
not 200 (a leak), not 403 (which would say the object exists). Personas the policy refuses get 403
whatever the object, which reveals nothing. As a control, site B's own staff reach the same URLs as the
permission matrix says site A's staff reach theirs.

Every route with a URL argument must be covered: a new route that neither builds a site-B object nor is
listed in :data:`NOT_SITE_SCOPED` (with the reason) fails :func:`test_every_object_route_is_covered`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from django.db import transaction
from django.urls import reverse

from puente.accounts.access import policy_of
from puente.accounts.models import Membership, User
from puente.accounts.roles import Role
from tests.conftest import World, client_for, make_participant, make_user
from tests.web.test_access_matrix import EXPECTED, MODULES, patterns_by_name

# Routes whose URL argument is not an object of one site, and why that is safe.
NOT_SITE_SCOPED: dict[str, str] = {
    "instrument_detail": "the instrument catalogue is shared by every site",
    "instrument_export": "the instrument catalogue is shared by every site",
    "instrument_edit": "the instrument catalogue is shared by every site (editors: researchers, admins)",
    "instrument_edit_json": "the instrument catalogue is shared by every site (editors: researchers, admins)",
    "instrument_copy": "the instrument catalogue is shared by every site; a copy is a new shared instrument",
    "instrument_wording": (
        "the instrument is shared; the wording sets shown and loaded are only those of the user's own "
        "organisations (selectors.organisations_for)"
    ),
    "selfreport_respond": "the unguessable token is the credential; no site is involved",
}

# Site-A personas: they hold roles at site A only.
SITE_A_PERSONAS = ("coordinator", "psw", "cmhw", "researcher", "trainer", "data_entry")


def mirror_world(world: World) -> World:
    """The same story told at site B: every site-A persona gets a twin there."""
    from puente.people import services as people
    from puente.people.models import ConsentForm

    coordinator_b = User.objects.get(username="coordb")
    twins = {
        "cmhw": make_user("cmhw_b", (world.site_b, Role.CMHW)),
        "researcher": make_user("researcher_b", (world.site_b, Role.RESEARCHER)),
        "trainer": make_user("trainer_b", (world.site_b, Role.TRAINER)),
        "data_entry": make_user("dataentry_b", (world.site_b, Role.DATA_ENTRY)),
    }
    people.do_assign_worker(
        actor=coordinator_b, participant=world.far_participant, worker=twins["cmhw"], role="cmhw"
    )
    form_b = ConsentForm.objects.get(site=world.site_b)
    unassigned_b = make_participant(coordinator_b, world.site_b, "RIO-002", name="Maria Souza")
    return dataclasses.replace(
        world,
        site_a=world.site_b,
        site_b=world.site_a,
        coordinator=coordinator_b,
        psw=world.other_psw,
        other_psw=world.psw,
        own_participant=world.far_participant,
        unassigned_participant=unassigned_b,
        far_participant=world.own_participant,
        form_a=form_b,
        **twins,
    )


def _programme_at_site_b(world: World, mirror: World) -> dict:
    """The matrix's programmes run at both sites; here one runs at site B only."""
    from puente.programs.services import programmes

    programme = programmes.do_create_from_template(
        actor=world.admin,
        template_code="cti_ts",
        code="rio-only",
        name="CTI-TS Rio",
        sites=[world.site_b],
        is_trial=True,
    )
    return {"pk": programme.pk}


def _coding_at_site_b(world: World, mirror: World) -> dict:
    """The matrix uses a made-up coding id; here a real coding of a site-B project."""
    from puente.qualitative.services import coding
    from tests.qualitative.conftest import build_qda

    qda = build_qda(mirror, name="Entrevistas Rio")
    made = coding.do_code_selection(
        actor=mirror.researcher, document=qda.document, start=0, end=5, codes=[next(iter(qda.codes.values()))]
    )
    first = made[0] if isinstance(made, list | tuple) else made
    return {"pk": qda.project.pk, "coding": first.pk}


OTHER_SITE_KWARGS: dict[str, Callable[[World, World], dict]] = {
    "programme_detail": _programme_at_site_b,
    "programme_adapt": _programme_at_site_b,
    "programme_enrol": _programme_at_site_b,
    "allocation_export": _programme_at_site_b,
    # A schedule is a programme's; the instruments matrix uses a programme of both sites.
    "schedule_detail": _programme_at_site_b,
    "schedule_entry_add": _programme_at_site_b,
    "respondent_add": _programme_at_site_b,
    "respondent_register": _programme_at_site_b,
    "qda_coding_remove": _coding_at_site_b,
    "qda_coding_change": _coding_at_site_b,
    "qda_coding_agree": _coding_at_site_b,
}


def object_routes() -> dict[str, object]:
    return {name: pattern for name, pattern in patterns_by_name().items() if pattern.pattern.converters}


def other_site_kwargs(name: str, world: World, mirror: World) -> dict | None:
    if name in OTHER_SITE_KWARGS:
        return OTHER_SITE_KWARGS[name](world, mirror)
    for module in MODULES:
        hook = getattr(module, "url_kwargs_other_site", None)
        kwargs = hook(name, world) if hook else None
        if kwargs is not None:
            return kwargs
    for module in MODULES:
        kwargs = getattr(module, "url_kwargs", lambda _n, _w: None)(name, mirror)
        if kwargs is not None:
            return kwargs
    return None


def admitted_by_policy(user: User, view) -> bool:
    policy = policy_of(view)
    if policy is None or policy.public or policy.roles is None:
        return True
    return Membership.objects.filter(user=user, role__in=policy.roles).exists()


def test_every_object_route_is_covered(world):
    uncovered = []
    for name in sorted(set(object_routes()) - set(NOT_SITE_SCOPED)):
        # Each route builds its objects afresh, as in its own test; nothing is kept.
        with transaction.atomic():
            if other_site_kwargs(name, world, mirror_world(world)) is None:
                uncovered.append(name)
            transaction.set_rollback(True)
    assert uncovered == [], (
        "routes with an object in the URL need a site-B object in tests/web/test_idor.py "
        f"(or url_kwargs/url_kwargs_other_site in their access_routes): {uncovered}"
    )


def test_exemptions_name_real_routes():
    assert set(NOT_SITE_SCOPED) | set(OTHER_SITE_KWARGS) <= set(object_routes())


@pytest.mark.parametrize("name", sorted(set(object_routes()) - set(NOT_SITE_SCOPED)))
def test_site_a_staff_get_404_for_site_b_objects(world, name):
    mirror = mirror_world(world)
    kwargs = other_site_kwargs(name, world, mirror)
    assert kwargs is not None, name
    url = reverse(name, kwargs=kwargs)
    view = object_routes()[name].callback
    asked = []
    for persona in SITE_A_PERSONAS:
        user = world.persona(persona)
        if not admitted_by_policy(user, view):
            continue
        client = client_for(user)
        asked.append(persona)
        answers = {"GET": client.get(url).status_code, "POST": client.post(url, {}).status_code}
        # 405 (a method the route never takes) is the same for every object, so it reveals nothing;
        # the method the route does take must find nothing.
        assert set(answers.values()) <= {404, 405} and 404 in answers.values(), (persona, url, answers)
    assert asked, f"no site-A persona may open {name}: the test proves nothing"
    # The control: site B's own staff reach the same URL as the matrix says site A's reach theirs,
    # so the 404s above are about the site, not a URL that leads nowhere.
    for persona in asked:
        got = client_for(mirror.persona(persona)).get(url).status_code
        assert got == EXPECTED[name][persona], f"site-B {persona} GET {url} answered {got}"
