"""Load the demo programme through the same services the app uses, so it is audited like real data.

Everything is generated from fixed seeds: the same data on every machine.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from faker import Faker

from puente.accounts import services as accounts
from puente.accounts.models import Organisation, Site, User
from puente.accounts.roles import Role
from puente.people import services as people
from puente.people.models import (
    ConsentScope,
    DiagnosisGroup,
    FamilySupport,
    Gender,
    NationalIdKind,
    Participant,
)
from puente.web.extensions import demo_loaders

DEMO_PASSWORD = "puente-demo"
DEMO_ORGANISATION = "RedeAmericas demo network"

# (username, description) in the order the README and the command list them.
DEMO_ACCOUNTS: list[tuple[str, str]] = [
    ("admin", "administrator, all sites"),
    ("coordinator.santiago", "coordinator, Santiago"),
    ("psw.santiago", "peer support worker, Santiago"),
    ("cmhw.santiago", "community mental health worker, Santiago"),
    ("coordinator.rio", "coordinator, Rio de Janeiro"),
    ("psw.rio", "peer support worker, Rio de Janeiro"),
    ("researcher", "researcher, all sites (pseudonymised data only)"),
    ("trainer", "trainer, all sites"),
    ("coordinator.vic", "coordinator, Vic (Catalan peer-to-peer programme)"),
]

SITES = [
    # code, name, city, country, language, faker locale, national ID kind, study code prefix, participants
    ("santiago", "COSAM Santiago Centro", "Santiago", "CL", "es", "es_CL", NationalIdKind.RUT, "SCL", 15),
    ("rio", "CAPS Rio Centro", "Rio de Janeiro", "BR", "pt", "pt_BR", NationalIdKind.CPF, "RIO", 15),
    (
        "vic",
        "Servei Comunitari de Recuperació Vic",
        "Vic",
        "ES",
        "ca",
        "es_ES",
        NationalIdKind.DNI_ES,
        "VIC",
        10,
    ),
]
CONSENT_TITLES = {
    "es": "Consentimiento informado CTI-TS",
    "pt": "Termo de consentimento CTI-TS",
    "ca": "Consentiment informat, programa entre iguals",
}


@dataclass
class DemoContext:
    """What the foundation created, handed to each app's ``demo.load`` to build on."""

    organisation: Organisation
    sites: dict[str, Site]
    fakers: dict[str, Faker]
    staff: dict[str, dict[str, list[User]]]
    participants: dict[str, list[Participant]]
    admin: User
    researcher: User
    trainer: User
    rng: random.Random
    today: dt.date = field(default_factory=dt.date.today)


def reset_database() -> None:
    """Start over: remove the SQLite file, or flush every table on PostgreSQL."""
    from django.core.management import call_command

    if connection.vendor == "sqlite":
        connection.close()
        path = Path(settings.DATABASES["default"]["NAME"])
        for suffix in ("", "-wal", "-shm"):
            candidate = path.with_name(path.name + suffix)
            if candidate.exists():
                candidate.unlink()
    else:
        call_command("flush", interactive=False, verbosity=0)


def _national_id(fake: Faker, kind: str) -> str:
    # Each locale's provider knows only its own country's identifier.
    method = {NationalIdKind.RUT: "rut", NationalIdKind.CPF: "cpf", NationalIdKind.DNI_ES: "nif"}[kind]
    return getattr(fake, method)()


def _user(username: str, fake: Faker, language: str, *, superuser: bool = False) -> User:
    first, last = fake.first_name(), fake.last_name()
    return accounts.do_create_user(
        actor=None,
        username=username,
        password=DEMO_PASSWORD,
        first_name=first,
        last_name=last,
        email=f"{username}@demo.invalid",
        language=language,
        is_superuser=superuser,
    )


@transaction.atomic
def load_demo() -> bool:
    """Load the demo once; return False when it is already there."""
    if Organisation.objects.filter(name=DEMO_ORGANISATION).exists():
        return False
    rng = random.Random(20240601)
    organisation = Organisation.objects.create(name=DEMO_ORGANISATION)
    sites: dict[str, Site] = {}
    fakers: dict[str, Faker] = {}
    for code, name, city, country, language, locale, _kind, _prefix, _count in SITES:
        sites[code] = Site.objects.create(
            organisation=organisation, code=code, name=name, city=city, country=country, language=language
        )
        fakers[code] = Faker(locale)
        fakers[code].seed_instance(len(code) * 7919)

    en = Faker("en_GB")
    en.seed_instance(11)
    admin = _user("admin", en, "en", superuser=True)
    researcher = _user("researcher", en, "en")
    trainer = _user("trainer", fakers["santiago"], "es")
    for site in sites.values():
        accounts.do_grant_role(actor=None, user=admin, site=site, role=Role.ADMINISTRATOR)
        accounts.do_grant_role(actor=admin, user=researcher, site=site, role=Role.RESEARCHER)
        accounts.do_grant_role(actor=admin, user=trainer, site=site, role=Role.TRAINER)

    staff: dict[str, dict[str, list[User]]] = {}
    for code, _name, _city, _country, language, _locale, _kind, _prefix, _count in SITES:
        fake, site = fakers[code], sites[code]
        coordinator = _user(f"coordinator.{code}", fake, language)
        accounts.do_grant_role(actor=admin, user=coordinator, site=site, role=Role.COORDINATOR)
        psws = [_user(f"psw.{code}", fake, language), _user(f"psw2.{code}", fake, language)]
        cmhws = [_user(f"cmhw.{code}", fake, language), _user(f"cmhw2.{code}", fake, language)]
        entry = _user(f"dataentry.{code}", fake, language)
        for worker in psws:
            accounts.do_grant_role(actor=admin, user=worker, site=site, role=Role.PSW)
        for worker in cmhws:
            accounts.do_grant_role(actor=admin, user=worker, site=site, role=Role.CMHW)
        accounts.do_grant_role(actor=admin, user=entry, site=site, role=Role.DATA_ENTRY)
        staff[code] = {"coordinator": [coordinator], "psw": psws, "cmhw": cmhws}

    today = dt.date.today()
    participants: dict[str, list[Participant]] = {}
    for code, _name, _city, _country, language, _locale, kind, prefix, count in SITES:
        fake, site = fakers[code], sites[code]
        coordinator = staff[code]["coordinator"][0]
        form_v1 = people.do_create_consent_form(
            actor=coordinator,
            site=site,
            language=language,
            version="1.0",
            title=CONSENT_TITLES[language],
            scopes=[ConsentScope.PROGRAMME, ConsentScope.RESEARCH, ConsentScope.RECORDING],
            effective_from=today - dt.timedelta(days=720),
        )
        people.do_create_consent_form(
            actor=coordinator,
            site=site,
            language=language,
            version="1.1",
            title=CONSENT_TITLES[language],
            scopes=[
                ConsentScope.PROGRAMME,
                ConsentScope.RESEARCH,
                ConsentScope.RECORDING,
                ConsentScope.CONTACT,
            ],
            effective_from=today - dt.timedelta(days=200),
        )
        participants[code] = []
        for index in range(1, count + 1):
            gender = rng.choices([Gender.WOMAN, Gender.MAN, Gender.NON_BINARY], weights=[45, 50, 5])[0]
            first = fake.first_name_female() if gender == Gender.WOMAN else fake.first_name_male()
            participant = people.do_create_participant(
                actor=coordinator,
                site=site,
                study_code=f"{prefix}-{index:03d}",
                gender=gender,
                birth_year=today.year - rng.randint(21, 65),
                diagnosis_group=rng.choices(
                    [DiagnosisGroup.NON_AFFECTIVE_PSYCHOSIS, DiagnosisGroup.AFFECTIVE_PSYCHOSIS],
                    weights=[75, 25],
                )[0],
                family_support=rng.choice(list(FamilySupport.values)),
                language=language,
                identity={
                    "full_name": f"{first} {fake.last_name()} {fake.last_name()}",
                    "phone": fake.phone_number(),
                    "address": fake.address(),
                    "national_id_kind": kind,
                    "national_id": _national_id(fake, kind),
                },
            )
            participants[code].append(participant)
            # Most consent to everything; a few to the programme only; one withdraws from research.
            # Consent comes before anything else: the trial's first cohort was enrolled about 21 months ago.
            consent_day = today - dt.timedelta(days=660 + rng.randint(30, 190) % 60)
            if index % 7 == 0:
                people.do_give_consent(
                    actor=coordinator,
                    participant=participant,
                    form=form_v1,
                    scopes=[ConsentScope.PROGRAMME],
                    event_date=consent_day,
                )
            elif index != 13:
                people.do_give_consent(
                    actor=coordinator,
                    participant=participant,
                    form=form_v1,
                    scopes=[ConsentScope.PROGRAMME, ConsentScope.RESEARCH, ConsentScope.RECORDING],
                    event_date=consent_day,
                )
                if index == 11:
                    people.do_withdraw_consent(
                        actor=coordinator,
                        participant=participant,
                        scopes=[ConsentScope.RESEARCH],
                        event_date=consent_day + dt.timedelta(days=20),
                        note="Asked to stop research questionnaires.",
                    )
            if index <= count - 3:  # the last three are waiting for a team
                psw = staff[code]["psw"][index % 2]
                cmhw = staff[code]["cmhw"][index % 2]
                people.do_assign_worker(
                    actor=coordinator, participant=participant, worker=psw, role="psw", started_on=consent_day
                )
                people.do_assign_worker(
                    actor=coordinator,
                    participant=participant,
                    worker=cmhw,
                    role="cmhw",
                    started_on=consent_day,
                )
    demo = DemoContext(
        organisation=organisation,
        sites=sites,
        fakers=fakers,
        staff=staff,
        participants=participants,
        admin=admin,
        researcher=researcher,
        trainer=trainer,
        rng=rng,
        today=today,
    )
    # Each app adds its part (programmes, workforce, questionnaires, analyses, qualitative project).
    for load in demo_loaders():
        load(demo)
    return True
