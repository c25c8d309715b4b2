"""The five key pages of DESIGN.md section 7, as (label, user, URL) on a synthetic data set."""

from __future__ import annotations

from django.urls import reverse

from puente.accounts.models import User
from puente.people.models import CaseAssignment
from puente.qualitative.models import Project
from puente.synth import accounts


def key_pages(scale) -> list[tuple[str, User, str]]:
    names = accounts(scale)
    psw = User.objects.get(username=names["psws"][0])
    coordinator = User.objects.get(username=names["coordinators"][0])
    researcher = User.objects.get(username=names["researchers"][0])
    participant_id = (
        CaseAssignment.objects.filter(worker=psw, ended_on__isnull=True)
        .order_by("participant__study_code")
        .values_list("participant_id", flat=True)
        .first()
    )
    project = Project.objects.order_by("pk").first()
    return [
        ("worker caseload", psw, reverse("home")),
        ("participant timeline", psw, reverse("participant_timeline", kwargs={"pk": participant_id})),
        ("caseload review", coordinator, reverse("caseload_review")),
        ("overdue assessments", coordinator, reverse("due_list") + "?state=overdue"),
        ("framework matrix", researcher, reverse("qda_matrix", kwargs={"pk": project.pk})),
    ]
