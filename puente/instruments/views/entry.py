"""Due lists, one questionnaire's page, staff data entry and corrections, self-report links."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from puente.accounts.access import roles
from puente.accounts.roles import FIELD_WORKERS, IDENTITY_READERS, SITE_WIDE_PARTICIPANT_ROLES
from puente.accounts.selectors import members_of_sites, site_ids_for, sites_for
from puente.instruments import presentation, selectors
from puente.instruments.forms import EntryForm, LinkForm
from puente.instruments.models import Administration
from puente.instruments.permissions import ENTRY_ROLES
from puente.instruments.qr import qr_svg
from puente.instruments.services import answers as answer_services
from puente.instruments.services import links
from puente.instruments.services.schedules import check_can_collect
from puente.web.idempotency import run_once

# One screenful: the list costs time per row, and a worker acts on the first few anyway.
PAGE_SIZE = 25
ANSWER_PREFIX = "answer-"


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@roles(ENTRY_ROLES)
def due_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    state = request.GET.get("state", "open")
    state = state if state in selectors.DUE_STATES else "open"
    site_wide = bool(site_ids_for(user, SITE_WIDE_PARTICIPANT_ROLES))
    site_id = _int_or_none(request.GET.get("site"))
    worker_id = _int_or_none(request.GET.get("worker"))
    if not site_wide:
        worker_id = None  # a worker's list is already their own
    elif request.GET.get("mine") == "1":
        worker_id = user.pk
    queryset = selectors.due_administrations(
        user, today=today, state=state, site_id=site_id, worker_id=worker_id
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    sites = list(sites_for(user, SITE_WIDE_PARTICIPANT_ROLES | FIELD_WORKERS))
    workers = list(members_of_sites([s.pk for s in sites], FIELD_WORKERS)) if site_wide else []
    return render(
        request,
        "instruments/due_list.html",
        {
            "page": page,
            "today": today,
            "state": state,
            "states": [("open", _("Due now")), ("overdue", _("Overdue")), ("upcoming", _("Coming up"))],
            "sites": sites,
            "site_id": site_id,
            "workers": workers,
            "worker_id": worker_id,
            "show_workers": user.has_any_role(IDENTITY_READERS),
        },
    )


@roles(ENTRY_ROLES)
def administration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    administration = selectors.get_administration(request.user, pk)
    definition = administration.revision.definition
    language = get_language() or "en"
    labels = presentation.output_labels(definition, language)
    band_labels = presentation.band_labels(definition, language)
    scores = [
        {
            "label": labels.get(output_id, output_id),
            "value": value,
            "band": band_labels.get(
                (output_id, administration.scores.get("bands", {}).get(output_id, "")), ""
            ),
        }
        for output_id, value in administration.scores.get("values", {}).items()
    ]
    respondent_language = administration.respondent.language
    wording = selectors.wording_for(administration.site_id, administration.instrument_id, respondent_language)
    answered = [
        (q, administration.answers.get(q.item_id))
        for q in presentation.questions(definition, respondent_language, wording)
    ]
    return render(
        request,
        "instruments/administration_detail.html",
        {
            "administration": administration,
            "name": presentation.instrument_name(definition, language),
            "scores": scores,
            "reason": administration.scores.get("reason", ""),
            "answered": answered,
            "history": selectors.history_of(administration),
            "links": selectors.links_of(administration),
            "unverified": presentation.unverified_facts(definition),
            "now": timezone.now(),
        },
    )


def _posted_answers(request: HttpRequest, item_ids: list[str]) -> dict[str, str | None]:
    answers: dict[str, str | None] = dict.fromkeys(item_ids)
    for key, value in request.POST.items():
        if key.startswith(ANSWER_PREFIX):
            answers[key[len(ANSWER_PREFIX) :]] = value
    return answers


@roles(ENTRY_ROLES)
def administration_enter(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter a questionnaire on paper into the app, or correct a saved one (with a reason)."""
    administration = selectors.get_administration(request.user, pk)
    definition = administration.revision.definition
    wording = selectors.wording_for(
        administration.site_id, administration.instrument_id, administration.respondent.language
    )
    questions = presentation.questions(definition, administration.respondent.language, wording)
    form = EntryForm(
        request.POST or None,
        initial={"version": administration.version, "administered_on": administration.administered_on},
    )
    selected: dict[str, str] = {k: str(v) for k, v in administration.answers.items()}
    refusal = None
    try:
        check_can_collect(administration.respondent)
    except ValidationError as error:
        refusal = error.messages[0]
    if request.method == "POST" and refusal is None:
        posted = _posted_answers(request, [q.item_id for q in questions])
        selected = {k: v for k, v in posted.items() if v}
        if form.is_valid():
            try:
                run_once(
                    key=form.cleaned_data["submission_key"],
                    user=request.user,
                    scope="instruments.entry",
                    model=Administration,
                    create=lambda: answer_services.do_enter_answers(
                        actor=request.user,
                        administration=administration,
                        answers=posted,
                        expected_version=form.cleaned_data["version"],
                        complete=request.POST.get("action") != "draft",
                        reason=form.cleaned_data["reason"],
                        administered_on=form.cleaned_data["administered_on"],
                    ),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Questionnaire saved."))
                return redirect("administration_detail", pk=administration.pk)
    return render(
        request,
        "instruments/administration_enter.html",
        {
            "administration": administration,
            "name": presentation.instrument_name(definition, get_language() or "en"),
            "questions": questions,
            "selected": selected,
            "form": form,
            "refusal": refusal,
            "editing": administration.status == "completed",
            "unverified": presentation.unverified_facts(definition),
            "wording_missing": presentation.wording_missing(definition, wording),
        },
    )


@roles(ENTRY_ROLES)
def link_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Make a one-time link (and its QR code) for the respondent to answer on their own phone."""
    administration = selectors.get_administration(request.user, pk)
    form = LinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            link, token = links.do_create_link(
                actor=request.user, administration=administration, valid_days=form.cleaned_data["valid_days"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            url = request.build_absolute_uri(reverse("selfreport_respond", kwargs={"token": token}))
            # Shown once: the token itself is not stored, only its hash.
            return render(
                request,
                "instruments/link_created.html",
                {"administration": administration, "link": link, "url": url, "qr": qr_svg(url)},
            )
    return render(
        request,
        "instruments/form_page.html",
        {
            "form": form,
            "title": _("Self-report link for %(code)s") % {"code": administration.respondent.code},
            "note": _(
                "Anyone with the link can answer once, until it expires. Give it only to the respondent."
            ),
        },
    )
