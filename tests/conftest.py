"""Personas shared by every test: who they are is the same everywhere, so tests read like stories.

- ``coordinator``: coordinates site A (Santiago).
- ``psw``: a peer support worker at site A with a caseload of one (``own_participant``).
- ``cmhw``: a community mental health worker at site A, also supporting ``own_participant``.
- ``other_psw``: a peer support worker at site B (Rio), supporting ``far_participant``.
- ``researcher``: researcher at site A.
- ``admin``: administrator of both sites.
- ``trainer``: trainer at site A.
- ``data_entry``: data-entry staff at site A.
- ``outsider``: a signed-in account with no role anywhere.
``unassigned_participant`` is at site A with nobody assigned.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client

from puente.accounts import services as accounts
from puente.accounts.models import Organisation, Site, User
from puente.accounts.roles import Role
from puente.people import services as people
from puente.people.models import ConsentForm, ConsentScope, NationalIdKind, Participant


def pytest_collection_modifyitems(config, items) -> None:
    """Tests of one database engine's own features (SQLite's FTS5 table, a PostgreSQL write load) belong to
    that engine's run: the other run deselects them, so neither run skips anything."""
    from django.conf import settings

    engine = "postgresql" if "postgresql" in settings.DATABASES["default"]["ENGINE"] else "sqlite"
    other = "postgresql_only" if engine == "sqlite" else "sqlite_only"
    kept, dropped = [], []
    for item in items:
        (dropped if item.get_closest_marker(other) else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


PASSWORD = "a-long-test-password"


@dataclass
class World:
    site_a: Site
    site_b: Site
    coordinator: User
    psw: User
    cmhw: User
    other_psw: User
    researcher: User
    admin: User
    trainer: User
    data_entry: User
    outsider: User
    own_participant: Participant
    unassigned_participant: Participant
    far_participant: Participant
    form_a: ConsentForm

    def persona(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


PERSONAS = [
    "anonymous",
    "outsider",
    "coordinator",
    "psw",
    "cmhw",
    "other_psw",
    "researcher",
    "admin",
    "trainer",
    "data_entry",
]


def make_user(username: str, *grants: tuple[Site, str], language: str = "en") -> User:
    user = accounts.do_create_user(
        actor=None,
        username=username,
        password=PASSWORD,
        first_name=username.title(),
        last_name="Tester",
        language=language,
    )
    for site, role in grants:
        accounts.do_grant_role(actor=None, user=user, site=site, role=role)
    return user


def make_participant(
    actor: User,
    site: Site,
    code: str,
    *,
    consent_form: ConsentForm | None = None,
    name: str = "Ana María Rojas",
    national_id: str = "12.345.678-5",
) -> Participant:
    participant = people.do_create_participant(
        actor=actor,
        site=site,
        study_code=code,
        gender="woman",
        birth_year=1990,
        diagnosis_group="non_affective_psychosis",
        family_support="no",
        language=site.language,
        identity={
            "full_name": name,
            "phone": "+56 9 1234 5678",
            "address": "Calle Falsa 123",
            "national_id_kind": NationalIdKind.RUT,
            "national_id": national_id,
        },
    )
    if consent_form is not None:
        people.do_give_consent(
            actor=actor,
            participant=participant,
            form=consent_form,
            scopes=[ConsentScope.PROGRAMME, ConsentScope.RESEARCH],
            event_date=dt.date.today() - dt.timedelta(days=10),
        )
    return participant


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def live_world(transactional_db) -> World:
    """The same personas, committed, for tests that drive the app through a real server."""
    return build_world()


def build_world() -> World:
    organisation = Organisation.objects.create(name="Test network")
    site_a = Site.objects.create(
        organisation=organisation,
        code="scl",
        name="Santiago Centro",
        city="Santiago",
        country="CL",
        language="es",
    )
    site_b = Site.objects.create(
        organisation=organisation, code="rio", name="Rio Centro", city="Rio", country="BR", language="pt"
    )
    coordinator = make_user("coord", (site_a, Role.COORDINATOR))
    psw = make_user("psw", (site_a, Role.PSW))
    cmhw = make_user("cmhw", (site_a, Role.CMHW))
    other_psw = make_user("otherpsw", (site_b, Role.PSW))
    coordinator_b = make_user("coordb", (site_b, Role.COORDINATOR))
    researcher = make_user("researcher", (site_a, Role.RESEARCHER))
    admin = make_user("admin", (site_a, Role.ADMINISTRATOR), (site_b, Role.ADMINISTRATOR))
    trainer = make_user("trainer", (site_a, Role.TRAINER))
    data_entry = make_user("dataentry", (site_a, Role.DATA_ENTRY))
    outsider = make_user("outsider")
    form_a = people.do_create_consent_form(
        actor=coordinator,
        site=site_a,
        language="es",
        version="1.0",
        title="Consentimiento",
        scopes=[s.value for s in ConsentScope],
        effective_from=dt.date.today() - dt.timedelta(days=365),
    )
    form_b = people.do_create_consent_form(
        actor=coordinator_b,
        site=site_b,
        language="pt",
        version="1.0",
        title="Consentimento",
        scopes=[s.value for s in ConsentScope],
        effective_from=dt.date.today() - dt.timedelta(days=365),
    )
    own = make_participant(coordinator, site_a, "SCL-001", consent_form=form_a)
    unassigned = make_participant(
        coordinator, site_a, "SCL-002", name="Pedro Soto", national_id="9.876.543-3"
    )
    far = make_participant(
        coordinator_b,
        site_b,
        "RIO-001",
        consent_form=form_b,
        name="João da Silva",
        national_id="123.456.789-09",
    )
    people.do_assign_worker(actor=coordinator, participant=own, worker=psw, role="psw")
    people.do_assign_worker(actor=coordinator, participant=own, worker=cmhw, role="cmhw")
    people.do_assign_worker(actor=coordinator_b, participant=far, worker=other_psw, role="psw")
    return World(
        site_a,
        site_b,
        coordinator,
        psw,
        cmhw,
        other_psw,
        researcher,
        admin,
        trainer,
        data_entry,
        outsider,
        own,
        unassigned,
        far,
        form_a,
    )


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def english_by_default():
    """Each test starts in English; a request that switched language must not leak into the next test."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()
