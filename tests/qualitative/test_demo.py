"""The qualitative demo: interviews, focus groups, two coders who disagree a little, a filled matrix."""

from __future__ import annotations

import random

import pytest

from puente.accounts.models import Organisation, Site, User
from puente.demo import loader
from puente.demo.loader import DemoContext
from puente.people.models import Participant
from puente.qualitative import demo as qualitative_demo
from puente.qualitative.models import Coding, Document, MatrixCell, Project
from puente.qualitative.selectors.agreement import agreement


@pytest.fixture
def demo_project(db):
    loader.load_demo()
    project = Project.objects.filter(name=qualitative_demo.PROJECT_NAME).first()
    if project is None:  # the foundation loader may not call the apps' loaders yet
        staff = {}
        for site in Site.objects.all():
            staff[site.code] = {
                role: list(
                    User.objects.filter(memberships__site=site, memberships__role=role).order_by("username")
                )
                for role in ("coordinator", "psw", "cmhw")
            }
        context = DemoContext(
            organisation=Organisation.objects.get(name=loader.DEMO_ORGANISATION),
            sites={s.code: s for s in Site.objects.all()},
            fakers={},
            staff=staff,
            participants={
                s.code: list(Participant.objects.filter(site=s).order_by("study_code"))
                for s in Site.objects.all()
            },
            admin=User.objects.get(username="admin"),
            researcher=User.objects.get(username="researcher"),
            trainer=User.objects.get(username="trainer"),
            rng=random.Random(7),
        )
        qualitative_demo.load(context)
        project = Project.objects.get(name=qualitative_demo.PROJECT_NAME)
    return project


def test_the_demo_project_has_interviews_focus_groups_and_a_filled_matrix(demo_project):
    docs = Document.objects.filter(project=demo_project)
    assert docs.filter(kind="interview").count() == 15 and docs.filter(kind="focus_group").count() == 2
    assert set(docs.values_list("language", flat=True)) == {"es", "en"}
    assert all(d.is_deidentified for d in docs)
    assert MatrixCell.objects.filter(project=demo_project).exclude(summary="").count() >= 30
    assert demo_project.cases.filter(participant__isnull=False).count() >= 10


def test_the_two_demo_coders_agree_mostly_but_not_perfectly(demo_project):
    coders = list(demo_project.members.filter(codings__isnull=False).distinct().order_by("pk"))
    assert [m.user.username for m in coders] == ["researcher", "researcher2"]
    report = agreement(demo_project, coders[0], coders[1])
    assert 0.4 < report.overall.cohen_kappa < 0.98
    assert Coding.objects.filter(project=demo_project).count() > 60


def test_no_psw_name_is_left_in_the_demo_transcripts(demo_project):
    psw_names = {
        u.first_name for u in User.objects.filter(memberships__role="psw", memberships__site__code="santiago")
    }
    texts = " ".join(Document.objects.filter(project=demo_project).values_list("text", flat=True))
    assert not any(name in texts for name in psw_names) and "[NAME]" in texts


def test_every_page_of_the_demo_project_opens_for_the_researcher(demo_project):
    from django.urls import reverse

    from tests.conftest import client_for

    client = client_for(User.objects.get(username="researcher"))
    pk = demo_project.pk
    focus_group = Document.objects.get(project=demo_project, title="Grupo focal pares")
    urls = [
        reverse(name, kwargs={"pk": pk})
        for name in (
            "qda_project_detail",
            "qda_codebook",
            "qda_cases",
            "qda_memos",
            "qda_matrix",
            "qda_counts",
            "qda_agreement",
            "qda_suggestions",
            "qda_refi_export",
        )
    ]
    urls += [
        reverse("qda_workspace", kwargs={"pk": pk, "doc": focus_group.pk}),
        reverse("qda_compare", kwargs={"pk": pk, "doc": focus_group.pk}),
        reverse("qda_search", kwargs={"pk": pk}) + "?q=banco",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
    matrix = client.get(reverse("qda_matrix", kwargs={"pk": pk})).content.decode()
    assert "FG-PSW1" in matrix
    assert "Values practical company" in matrix or "Valora el acompañamiento" in matrix
