"""The synthetic data generator: documented sizes, determinism, refusal to overwrite, CLI messages."""

from __future__ import annotations

import hashlib

import pytest

from puente.accounts.models import Organisation, Site, User
from puente.audit.models import AuditEvent
from puente.cli import main
from puente.instruments.models import Administration
from puente.people.models import CaseAssignment, Participant
from puente.programs.models import Contact, Enrolment
from puente.qualitative.models import Coding
from puente.synth import PASSWORD, DatabaseInUse, accounts, generate
from tests.synth.conftest import REFERENCE_DATE


def sample_checksum() -> str:
    """A digest of a sample of rows by their natural keys (primary keys may differ between runs)."""
    digest = hashlib.sha256()
    for row in Contact.objects.order_by(
        "enrolment__participant__study_code", "contact_on", "kind", "duration_minutes", "note"
    ).values_list("enrolment__participant__study_code", "contact_on", "kind", "duration_minutes", "note")[
        :500
    ]:
        digest.update(repr(row).encode())
    for row in (
        Administration.objects.filter(status="completed")
        .order_by("respondent__code", "time_point", "instrument__code")
        .values_list("respondent__code", "instrument__code", "time_point", "administered_on", "scores")[:500]
    ):
        digest.update(repr(row).encode())
    for row in Coding.objects.order_by(
        "document__title", "start", "end", "code__name", "coder__name"
    ).values_list("document__title", "start", "end", "code__name", "coder__name")[:500]:
        digest.update(repr(row).encode())
    return digest.hexdigest()


def test_the_demo_scale_produces_the_documented_counts(db):
    result = generate("demo", seed=1, reference_date=REFERENCE_DATE)
    counts = result["counts"]
    assert counts["accounts.Site"] == 2
    assert counts["people.Participant"] == 30
    assert counts["people.Identity"] == 30
    assert counts["programs.Team"] == 4
    assert counts["programs.Enrolment"] == 30
    # Admin, two researchers, two coordinators, four PSWs and four CMHWs.
    assert counts["accounts.User"] == 13
    assert counts["qualitative.Project"] == 1
    assert counts["qualitative.Document"] == 10
    assert 1_350 <= counts["programs.Contact"] <= 1_650
    assert 400 <= counts["instruments.Administration"] <= 600
    assert 400 <= counts["qualitative.Coding"] <= 600
    assert result["seconds"] > 0
    assert Organisation.objects.get().name.startswith("Puente synthetic data")


def test_the_synthetic_data_hold_together_like_real_data(db):
    generate("demo", seed=1, reference_date=REFERENCE_DATE)
    # Every open team enrolment has its PSW and CMHW as open case assignments (worker scoping).
    for enrolment in Enrolment.objects.filter(status="active", team__isnull=False).select_related("team"):
        team_workers = set(enrolment.team.members.values_list("worker_id", flat=True))
        open_workers = set(
            CaseAssignment.objects.filter(
                participant=enrolment.participant, ended_on__isnull=True
            ).values_list("worker_id", flat=True)
        )
        assert team_workers == open_workers
    # Questionnaires only for those who consent to research; completed ones are scored.
    assert not Administration.objects.filter(respondent__participant__research_consent=False).exists()
    completed = Administration.objects.filter(status="completed")
    assert completed.exists()
    assert all(a.scores.get("values") for a in completed[:50])
    # Contacts fall within their enrolment and never in the future.
    for contact in Contact.objects.select_related("enrolment")[:300]:
        assert contact.enrolment.enrolled_on <= contact.contact_on <= REFERENCE_DATE
    # Every synthetic account signs in with the documented password.
    names = accounts("demo")
    psw = User.objects.get(username=names["psws"][0])
    assert psw.check_password(PASSWORD)
    assert CaseAssignment.objects.filter(worker=psw, ended_on__isnull=True).exists()
    assert User.objects.filter(username__in=names["coordinators"]).count() == 2


def test_the_same_seed_gives_the_same_data(db):
    first = generate("demo", seed=7, reference_date=REFERENCE_DATE)
    first_checksum = sample_checksum()
    again = generate("demo", seed=7, reference_date=REFERENCE_DATE, replace=True)
    assert again["counts"] == first["counts"]
    assert sample_checksum() == first_checksum
    generate("demo", seed=8, reference_date=REFERENCE_DATE, replace=True)
    assert sample_checksum() != first_checksum


def test_it_refuses_a_database_that_already_holds_participants(world):
    before = (Participant.objects.count(), Site.objects.count(), AuditEvent.objects.count())
    with pytest.raises(DatabaseInUse, match="already holds participants"):
        generate("demo", seed=1, reference_date=REFERENCE_DATE)
    assert (Participant.objects.count(), Site.objects.count(), AuditEvent.objects.count()) == before


def test_the_command_refuses_a_database_with_participants_in_one_line(world, capsys):
    before = (Participant.objects.count(), Site.objects.count(), AuditEvent.objects.count())
    assert main(["synth", "--scale", "demo", "--date", "2026-06-30"]) == 2
    error = capsys.readouterr().err
    assert "already holds participants" in error and "--replace" in error
    assert len(error.strip().splitlines()) == 1
    assert (Participant.objects.count(), Site.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--scale", "national"], "unknown scale 'national'; choose demo or regional"),
        (["--scale", "demo", "--seed", "abc"], "the seed must be a whole number, not 'abc'"),
        (["--scale", "demo", "--seed", "-3"], "the seed must be zero or more"),
        (["--scale", "demo", "--date", "2026-13-01"], "the date must look like 2026-06-30"),
        (["--scale", "demo", "--db", "mysql://x@y/z"], "--db takes sqlite:///"),
        (["--scale", "demo", "--db", "sqlite:///"], "needs a file path"),
    ],
)
def test_the_command_explains_bad_input(db, capsys, arguments, message):
    before = (Participant.objects.count(), Site.objects.count(), AuditEvent.objects.count())
    assert main(["synth", *arguments]) == 2
    error = capsys.readouterr().err
    assert message in error
    assert error.startswith("puente synth: ")
    assert (Participant.objects.count(), Site.objects.count(), AuditEvent.objects.count()) == before
