"""Memo pages for a case and a code: list, write, edit with a version check; audited."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from puente.accounts.roles import Role
from puente.audit.models import AuditEvent
from puente.qualitative.models import Memo
from puente.qualitative.services import memos, projects
from tests.conftest import client_for, make_user


def _code(qda):
    return qda.codes["Use of lived experience"]


def _state() -> tuple:
    return (
        Memo.objects.count(),
        AuditEvent.objects.count(),
        list(Memo.objects.values_list("title", "text", "version")),
    )


@pytest.mark.parametrize("subject", ["case", "code"])
def test_a_coder_writes_a_memo_on_a_case_or_a_code(world, qda, subject):
    args = [qda.project.pk, qda.case.pk if subject == "case" else _code(qda).pk]
    url = reverse(f"qda_{subject}_memos", args=args)
    client = client_for(world.coordinator)
    response = client.post(url, {"title": "First reading", "text": "Hope comes through the peer's story."})
    assert response.status_code == 302
    memo = Memo.objects.get(title="First reading")
    assert (memo.case if subject == "case" else memo.code) == (qda.case if subject == "case" else _code(qda))
    assert memo.author == world.coordinator
    assert AuditEvent.objects.filter(action="qda_memo.create", object_id=str(memo.pk)).exists()
    page = client.get(url).content.decode()
    assert (
        "Hope comes through the peer&#x27;s story." in page or "Hope comes through the peer's story." in page
    )


@pytest.mark.parametrize("subject", ["case", "code"])
def test_an_empty_memo_is_refused_and_nothing_changes(world, qda, subject):
    args = [qda.project.pk, qda.case.pk if subject == "case" else _code(qda).pk]
    before = _state()
    response = client_for(world.coordinator).post(
        reverse(f"qda_{subject}_memos", args=args), {"title": "x", "text": "  "}
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert _state() == before


def test_the_service_refuses_an_empty_memo_with_a_clear_message(world, qda):
    from django.core.exceptions import ValidationError

    before = _state()
    with pytest.raises(ValidationError) as refused:
        memos.do_create_memo(
            actor=world.coordinator, project=qda.project, title="t", text="   ", case=qda.case
        )
    assert refused.value.messages == ["The memo is empty."]
    assert _state() == before


def test_a_researcher_who_is_not_a_member_reads_but_may_not_write(world, qda):
    reader = make_user("reader", (world.site_a, Role.RESEARCHER))
    url = reverse("qda_case_memos", args=[qda.project.pk, qda.case.pk])
    assert client_for(reader).get(url).status_code == 200
    before = _state()
    assert client_for(reader).post(url, {"title": "x", "text": "y"}).status_code == 403
    assert _state() == before


def test_a_code_of_another_project_does_not_exist_here(world, qda):
    other = projects.do_create_project(actor=world.researcher, name="Other", sites=[world.site_a])
    from puente.qualitative.services import codebook

    foreign = codebook.do_create_code(actor=world.researcher, project=other, name="Elsewhere")
    url = reverse("qda_code_memos", args=[qda.project.pk, foreign.pk])
    assert client_for(world.researcher).get(url).status_code == 404


def _memo(world, qda, author=None):
    return memos.do_create_memo(
        actor=author or world.coordinator,
        project=qda.project,
        title="Draft",
        text="First thoughts",
        case=qda.case,
    )


def test_the_author_edits_their_memo_and_the_change_is_audited(world, qda):
    memo = _memo(world, qda)
    url = reverse("qda_memo_edit", args=[qda.project.pk, memo.pk])
    client = client_for(world.coordinator)
    assert "First thoughts" in client.get(url).content.decode()
    response = client.post(url, {"version": memo.version, "title": "Draft", "text": "Second thoughts"})
    assert response.status_code == 302
    assert response["Location"] == reverse("qda_case_memos", args=[qda.project.pk, qda.case.pk])
    memo.refresh_from_db()
    assert memo.text == "Second thoughts" and memo.version == 2
    event = AuditEvent.objects.filter(action="qda_memo.update", object_id=str(memo.pk)).get()
    assert event.before == {"text": "First thoughts"} and event.after == {"text": "Second thoughts"}


def test_a_stale_edit_shows_both_versions_and_changes_nothing(world, qda):
    memo = _memo(world, qda)
    url = reverse("qda_memo_edit", args=[qda.project.pk, memo.pk])
    memos.do_update_memo(
        actor=world.researcher, memo=memo, expected_version=1, title="Draft", text="Lead's words"
    )
    before = _state()
    response = client_for(world.coordinator).post(url, {"version": 1, "title": "Draft", "text": "My words"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "My words" in page and "Lead&#x27;s words" in page
    assert 'name="version" value="2"' in page
    assert _state() == before
    # Choosing to save over it, deliberately, re-posts with the current version.
    assert (
        client_for(world.coordinator)
        .post(url, {"version": 2, "title": "Draft", "text": "My words"})
        .status_code
        == 302
    )
    memo.refresh_from_db()
    assert memo.text == "My words" and memo.version == 3


def test_a_coder_may_not_edit_someone_elses_memo_but_the_lead_may(world, qda):
    lead_memo = _memo(world, qda, author=world.researcher)
    url = reverse("qda_memo_edit", args=[qda.project.pk, lead_memo.pk])
    before = _state()
    assert client_for(world.coordinator).get(url).status_code == 403
    assert (
        client_for(world.coordinator).post(url, {"version": 1, "title": "x", "text": "y"}).status_code == 403
    )
    assert _state() == before
    coder_memo = _memo(world, qda)
    url = reverse("qda_memo_edit", args=[qda.project.pk, coder_memo.pk])
    assert (
        client_for(world.researcher)
        .post(url, {"version": 1, "title": "Draft", "text": "Edited by the lead"})
        .status_code
        == 302
    )


def test_an_empty_edit_is_refused_and_nothing_changes(world, qda):
    memo = _memo(world, qda)
    before = _state()
    url = reverse("qda_memo_edit", args=[qda.project.pk, memo.pk])
    response = client_for(world.coordinator).post(url, {"version": 1, "title": "Draft", "text": ""})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    assert _state() == before


def test_a_retired_memo_cannot_be_edited(world, qda):
    memo = _memo(world, qda)
    memos.do_retire_memo(actor=world.coordinator, memo=memo)
    url = reverse("qda_memo_edit", args=[qda.project.pk, memo.pk])
    assert client_for(world.coordinator).get(url).status_code == 404


def test_memo_pages_are_linked_from_the_case_the_codebook_and_the_memo_list(world, qda):
    memo = _memo(world, qda)
    client = client_for(world.coordinator)
    case_page = client.get(reverse("qda_case_detail", args=[qda.project.pk, qda.case.pk])).content.decode()
    assert reverse("qda_case_memos", args=[qda.project.pk, qda.case.pk]) in case_page
    codebook = client.get(reverse("qda_codebook", args=[qda.project.pk])).content.decode()
    assert reverse("qda_code_memos", args=[qda.project.pk, _code(qda).pk]) in codebook
    listing = client.get(reverse("qda_memos", args=[qda.project.pk])).content.decode()
    assert reverse("qda_memo_edit", args=[qda.project.pk, memo.pk]) in listing


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("subject", ["case", "code"])
def test_memo_pages_run_a_fixed_number_of_queries(world, qda, subject):
    target = {"case": qda.case} if subject == "case" else {"code": _code(qda)}
    url = reverse(f"qda_{subject}_memos", args=[qda.project.pk, next(iter(target.values())).pk])
    client = client_for(world.coordinator)
    memos.do_create_memo(actor=world.coordinator, project=qda.project, title="a", text="b", **target)
    small = _queries(client, url)
    for index in range(25):
        author = world.researcher if index % 2 else world.coordinator
        memos.do_create_memo(actor=author, project=qda.project, title=f"m{index}", text="t", **target)
    assert _queries(client, url) == small <= 20
    print(f"\nqda_{subject}_memos: {small} queries")
