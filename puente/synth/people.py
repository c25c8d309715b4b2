"""The foundation of a synthetic data set: organisation, sites, staff accounts, participants, consent.

Rows go in with ``bulk_create`` and carry what the services would have set (``research_consent`` from
the consent events, one shared password hash for every account).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from puente.accounts.models import Membership, Organisation, Site, User
from puente.accounts.roles import Role
from puente.people.models import (
    ConsentEvent,
    ConsentEventKind,
    ConsentForm,
    ConsentScope,
    DiagnosisGroup,
    FamilySupport,
    Gender,
    Identity,
    NationalIdKind,
    Participant,
)
from puente.synth.sizes import Scale

ORGANISATION = "Puente synthetic data (no real people)"
# Benchmark-only password shared by every synthetic account. Never use it on a real service.
PASSWORD = "synth-benchmark-only"

# country, language, national ID kind, city; sites cycle through these.
REGIONS = [
    ("CL", "es", NationalIdKind.RUT, "Santiago"),
    ("BR", "pt", NationalIdKind.CPF, "Rio de Janeiro"),
    ("AR", "es", NationalIdKind.DNI_AR, "Buenos Aires"),
    ("ES", "ca", NationalIdKind.DNI_ES, "Vic"),
    ("IT", "it", NationalIdKind.CODICE_FISCALE, "Trieste"),
]
FIRST_NAMES = {
    "es": (["Camila", "Valentina", "Javiera", "Sofía", "Daniela"], ["Matías", "Benjamín", "Diego", "José"]),
    "pt": (["Ana", "Juliana", "Fernanda", "Beatriz", "Larissa"], ["João", "Lucas", "Gabriel", "Rafael"]),
    "ca": (["Laia", "Núria", "Montse", "Aina", "Marta"], ["Jordi", "Pau", "Arnau", "Oriol"]),
    "it": (["Giulia", "Chiara", "Francesca", "Sara", "Elena"], ["Marco", "Luca", "Andrea", "Paolo"]),
}
LAST_NAMES = {
    "es": ["González", "Muñoz", "Rojas", "Díaz", "Pérez", "Soto", "Silva", "Contreras"],
    "pt": ["Silva", "Santos", "Oliveira", "Souza", "Lima", "Pereira", "Costa", "Rodrigues"],
    "ca": ["Puig", "Vila", "Serra", "Soler", "Font", "Casas", "Vidal", "Roca"],
    "it": ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci"],
}
CONSENT_TITLES = {
    "es": "Consentimiento informado CTI-TS",
    "pt": "Termo de consentimento CTI-TS",
    "ca": "Consentiment informat CTI-TS",
    "it": "Consenso informato CTI-TS",
}


def psw_username(number: int) -> str:
    return f"synth-psw-{number:04d}"


def cmhw_username(number: int) -> str:
    return f"synth-cmhw-{number:04d}"


def coordinator_username(site_number: int) -> str:
    return f"synth-coord-{site_number:02d}"


RESEARCHER = "synth-researcher"
SECOND_CODER = "synth-researcher-2"
ADMINISTRATOR = "synth-admin"


@dataclass
class SiteStaff:
    site: Site
    coordinator: User
    psws: list[User]
    cmhws: list[User]
    consent_form: ConsentForm | None = None
    participants: list[Participant] = field(default_factory=list)


@dataclass
class Foundation:
    organisation: Organisation
    sites: list[SiteStaff]
    admin: User
    researcher: User
    second_coder: User


def _name(rng: random.Random, language: str, gender: str) -> tuple[str, str]:
    women, men = FIRST_NAMES.get(language, FIRST_NAMES["es"])
    first = rng.choice(women if gender == Gender.WOMAN else men)
    return first, rng.choice(LAST_NAMES.get(language, LAST_NAMES["es"]))


def _users(rows: list[tuple[str, str, str, str]], password_hash: str) -> dict[str, User]:
    User.objects.bulk_create(
        User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@synthetic.invalid",
            language=language,
            password=password_hash,
        )
        for username, first, last, language in rows
    )
    return {u.username: u for u in User.objects.filter(username__in=[r[0] for r in rows])}


def build_foundation(scale: Scale, rng: random.Random) -> Foundation:
    organisation = Organisation.objects.create(name=ORGANISATION)
    Site.objects.bulk_create(
        Site(
            organisation=organisation,
            code=f"synth-{number:02d}",
            name=f"Synthetic centre {number:02d} ({REGIONS[(number - 1) % len(REGIONS)][3]})",
            city=REGIONS[(number - 1) % len(REGIONS)][3],
            country=REGIONS[(number - 1) % len(REGIONS)][0],
            language=REGIONS[(number - 1) % len(REGIONS)][1],
        )
        for number in range(1, scale.sites + 1)
    )
    sites = list(Site.objects.filter(organisation=organisation).order_by("code"))
    # One Argon2 hash for every account: hashing hundreds of passwords would take minutes.
    password_hash = make_password(PASSWORD)
    rows = [
        (ADMINISTRATOR, "Ada", "Synthetic", "en"),
        (RESEARCHER, "Rosa", "Synthetic", "en"),
        (SECOND_CODER, "Raúl", "Synthetic", "es"),
    ]
    per_site = scale.teams_per_site
    for number, site in enumerate(sites, start=1):
        first, last = _name(rng, site.language, rng.choice([Gender.WOMAN, Gender.MAN]))
        rows.append((coordinator_username(number), first, last, site.language))
        for index in range(per_site):
            worker_number = (number - 1) * per_site + index + 1
            for username in (psw_username(worker_number), cmhw_username(worker_number)):
                first, last = _name(rng, site.language, rng.choice([Gender.WOMAN, Gender.MAN]))
                rows.append((username, first, last, site.language))
    users = _users(rows, password_hash)
    admin, researcher, second = users[ADMINISTRATOR], users[RESEARCHER], users[SECOND_CODER]
    admin.is_superuser = admin.is_staff = True
    admin.save(update_fields=["is_superuser", "is_staff"])
    memberships, staff = [], []
    for number, site in enumerate(sites, start=1):
        coordinator = users[coordinator_username(number)]
        first_worker = (number - 1) * per_site + 1
        psws = [users[psw_username(n)] for n in range(first_worker, first_worker + per_site)]
        cmhws = [users[cmhw_username(n)] for n in range(first_worker, first_worker + per_site)]
        memberships += [
            Membership(user=admin, site=site, role=Role.ADMINISTRATOR),
            Membership(user=researcher, site=site, role=Role.RESEARCHER),
            Membership(user=second, site=site, role=Role.RESEARCHER),
            Membership(user=coordinator, site=site, role=Role.COORDINATOR),
            *(Membership(user=u, site=site, role=Role.PSW) for u in psws),
            *(Membership(user=u, site=site, role=Role.CMHW) for u in cmhws),
        ]
        staff.append(SiteStaff(site=site, coordinator=coordinator, psws=psws, cmhws=cmhws))
    Membership.objects.bulk_create(memberships)
    return Foundation(organisation, staff, admin, researcher, second)


def _national_id(rng: random.Random, kind: str) -> str:
    digits = "".join(rng.choice("0123456789") for _ in range(8))
    if kind == NationalIdKind.RUT:
        return f"{digits[:2]}.{digits[2:5]}.{digits[5:]}-{rng.choice('0123456789K')}"
    if kind == NationalIdKind.CPF:
        return f"{digits[:3]}.{digits[3:6]}.{digits[6:]}{rng.randint(0, 9)}-{rng.randint(10, 99)}"
    return digits


def build_participants(scale: Scale, foundation: Foundation, rng: random.Random, today: dt.date) -> None:
    """Participants with identities and consent: most consent to everything, some to the programme
    only, a few withdraw from research later."""
    history_days = scale.months_of_history * 30
    participants, identities, pending = [], [], []
    for number, staff in enumerate(foundation.sites, start=1):
        site = staff.site
        _country, language, kind, _city = REGIONS[(number - 1) % len(REGIONS)]
        staff.consent_form = ConsentForm.objects.create(
            site=site,
            language=language,
            version="1.0",
            title=CONSENT_TITLES[language],
            scopes=[ConsentScope.PROGRAMME, ConsentScope.RESEARCH, ConsentScope.RECORDING],
            effective_from=today - dt.timedelta(days=history_days + 90),
        )
        for index in range(1, scale.participants_per_site + 1):
            gender = rng.choices([Gender.WOMAN, Gender.MAN, Gender.NON_BINARY], weights=[45, 50, 5])[0]
            roll = rng.random()
            consent = "all" if roll < 0.95 else "programme" if roll < 0.98 else "withdrawn"
            participant = Participant(
                study_code=f"S{number:02d}-{index:04d}",
                site=site,
                gender=gender,
                birth_year=today.year - rng.randint(21, 65),
                diagnosis_group=rng.choices(
                    [DiagnosisGroup.NON_AFFECTIVE_PSYCHOSIS, DiagnosisGroup.AFFECTIVE_PSYCHOSIS],
                    weights=[75, 25],
                )[0],
                family_support=rng.choice(list(FamilySupport.values)),
                language=language,
                research_consent=consent == "all",
            )
            first, last = _name(rng, language, gender)
            participants.append(participant)
            identities.append(
                (first, last, f"+{rng.randint(10, 99)} 9 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}")
            )
            pending.append((staff, kind, consent))
    Participant.objects.bulk_create(participants, batch_size=2000)
    events, identity_rows = [], []
    for participant, (first, last, phone), (staff, kind, consent) in zip(
        participants, identities, pending, strict=True
    ):
        staff.participants.append(participant)
        identity_rows.append(
            Identity(
                participant=participant,
                full_name=f"{first} {last}",
                phone=phone,
                address=f"Calle {rng.randint(1, 999)}, {staff.site.city}",
                national_id_kind=kind,
                national_id=_national_id(rng, kind),
            )
        )
        # Consent comes before enrolment; the delivery module enrols after this date.
        participant.consent_on = today - dt.timedelta(days=rng.randint(10, history_days))
        scopes = (
            [ConsentScope.PROGRAMME]
            if consent == "programme"
            else [ConsentScope.PROGRAMME, ConsentScope.RESEARCH, ConsentScope.RECORDING]
        )
        events.append(
            ConsentEvent(
                participant=participant,
                form=staff.consent_form,
                kind=ConsentEventKind.GIVEN,
                scopes=scopes,
                event_date=participant.consent_on,
                recorded_by=staff.coordinator,
            )
        )
        if consent == "withdrawn":
            events.append(
                ConsentEvent(
                    participant=participant,
                    form=None,
                    kind=ConsentEventKind.WITHDRAWN,
                    scopes=[ConsentScope.RESEARCH],
                    event_date=min(today, participant.consent_on + dt.timedelta(days=rng.randint(5, 60))),
                    recorded_by=staff.coordinator,
                    note="Asked to stop research questionnaires.",
                )
            )
    Identity.objects.bulk_create(identity_rows, batch_size=2000)
    ConsentEvent.objects.bulk_create(events, batch_size=2000)
