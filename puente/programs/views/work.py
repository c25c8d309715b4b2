"""The field work with one enrolment: contacts, areas of focus, plans and linkages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from puente.accounts.access import roles
from puente.programs import definitions
from puente.programs.course import phase_name
from puente.programs.forms import (
    ContactForm,
    CrisisPlanForm,
    FocusAreaForm,
    FocusProgressForm,
    GoalForm,
    GoalStatusForm,
    LinkageForm,
    LinkageUpdateForm,
    PlanReviewForm,
    RecoveryPlanForm,
)
from puente.programs.models import Contact, CrisisPlan, FocusArea, Linkage, RecoveryPlan
from puente.programs.phases import ENGAGEMENT
from puente.programs.selectors import scope
from puente.programs.services import contacts as contact_services
from puente.programs.services import plans as services
from puente.programs.views.common import worked_enrolment
from puente.web.conflicts import save_or_conflict
from puente.web.forms_flow import save_form
from puente.web.idempotency import run_once
from puente.web.languages import language


def _phase_choices(enrolment, include_engagement: bool = False) -> list[tuple[str, str]]:
    d, lang = enrolment.programme.definition, language()
    keys = ([ENGAGEMENT] if include_engagement else []) + [p["key"] for p in definitions.phases(d)]
    return [(key, phase_name(d, key, lang)) for key in keys]


# The contact form's fields that the contact service takes as they are.
CONTACT_FIELDS = (
    "contact_on",
    "kind",
    "attendees",
    "duration_minutes",
    "place",
    "targets",
    "areas",
    "outside_role_tasks",
    "note",
)


def _flash_once(request: HttpRequest, level: int, text: str) -> None:
    """Queue a message unless the very same one is still waiting to be shown. A client that posts again
    without opening the page it was sent to (a phone retrying on a bad connection, a worker logging several
    contacts in a row) would otherwise pile up copies that every later request re-reads and re-writes."""
    if Message(level, text) not in messages.get_messages(request):
        messages.add_message(request, level, text)


@roles(scope.ENROLMENT_READERS)
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = worked_enrolment(request, pk)
    d, lang = enrolment.programme.definition, language()
    tasks = definitions.choices(d, "outside_peer_role", lang)
    form = ContactForm(
        request.POST or None,
        initial={"attendees": ["psw"] if "psw" in request.user.role_set() else ["cmhw"]},
        targets=definitions.targets(d, lang),
        areas=definitions.choices(d, "areas_of_focus", lang),
        tasks=tasks,
    )

    def log(data: dict) -> Contact:
        fields = {name: data[name] for name in CONTACT_FIELDS}
        draft, refusal = None, None
        # Check (reads only) before run_once opens the write transaction, so that the write lock, which every
        # other writer waits for on SQLite, is held for the writes alone.
        try:
            draft = contact_services.check_contact(enrolment=enrolment, **fields)
        except ValidationError as error:
            refusal = error  # run_once still answers a retry of a post that was saved with its contact

        def create() -> Contact:
            if draft is None:
                raise refusal
            return contact_services.do_record_contact(actor=request.user, draft=draft)

        contact, _created = run_once(
            key=data["client_token"],
            user=request.user,
            scope="programs.contact",
            model=Contact,
            create=create,
        )
        return contact

    saved = save_form(request, form, log)
    if saved.ok:
        contact = saved.value
        if contact.role_boundary:
            _flash_once(
                request,
                messages.WARNING,
                _(
                    "Contact saved with a role-boundary warning: tasks such as medication information or "
                    "administrative duties are outside the peer role. Your coordinator will see it."
                ),
            )
        else:
            _flash_once(
                request,
                messages.SUCCESS,
                _("Contact saved for %(code)s.") % {"code": enrolment.participant.study_code},
            )
        if request.POST.get("next") == "home":
            return redirect("home")
        return redirect("enrolment_detail", pk=enrolment.pk)
    return render(
        request,
        "programs/contact_form.html",
        {"enrolment": enrolment, "form": form, "next": request.GET.get("next", request.POST.get("next", ""))},
    )


@roles(scope.ENROLMENT_READERS)
def focus_area_add(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = worked_enrolment(request, pk)
    d, lang = enrolment.programme.definition, language()
    form = FocusAreaForm(
        request.POST or None,
        initial={"phase_key": request.GET.get("phase")},
        phases=_phase_choices(enrolment),
        areas=definitions.choices(d, "areas_of_focus", lang),
    )
    saved = save_form(
        request,
        form,
        lambda data: services.do_add_focus_area(
            actor=request.user,
            enrolment=enrolment,
            phase_key=data["phase_key"],
            area_key=data["area_key"],
            goal=data["goal"],
        ),
    )
    if saved.ok:
        messages.success(request, _("Area of focus added."))
        return redirect("enrolment_detail", pk=enrolment.pk)
    return render(
        request,
        "programs/enrolment_form.html",
        {"enrolment": enrolment, "form": form, "title": _("Add an area of focus")},
    )


def _saved_focus_area(pk: int) -> tuple[dict, int]:
    area = FocusArea.objects.get(pk=pk)
    return {"progress": area.progress, "note": area.progress_note}, area.version


@roles(scope.ENROLMENT_READERS)
def focus_area_progress(request: HttpRequest, pk: int) -> HttpResponse:
    area = scope.get_focus_area(request.user, pk)
    enrolment = worked_enrolment(request, area.enrolment_id)
    form = FocusProgressForm(
        request.POST or None,
        initial={"progress": area.progress, "note": area.progress_note, "version": area.version},
    )
    saved = save_or_conflict(
        request,
        form,
        lambda data: services.do_update_focus_progress(
            actor=request.user,
            area=area,
            expected_version=data["version"],
            progress=data["progress"],
            note=data["note"],
        ),
        reload=lambda: _saved_focus_area(area.pk),
        title=area.goal,
        cancel_url=reverse("enrolment_detail", kwargs={"pk": enrolment.pk}),
    )
    if isinstance(saved, HttpResponse):
        return saved
    if saved.ok:
        messages.success(request, _("Progress saved."))
        return redirect("enrolment_detail", pk=enrolment.pk)
    return render(
        request,
        "programs/enrolment_form.html",
        {"enrolment": enrolment, "form": form, "title": _("Progress: %(goal)s") % {"goal": area.goal}},
    )


def _saved_recovery_plan(enrolment_pk: int) -> tuple[dict, int]:
    plan = RecoveryPlan.objects.get(enrolment_id=enrolment_pk)
    return {f: getattr(plan, f) for f in RecoveryPlan.AUDITED_FIELDS}, plan.version


@roles(scope.ENROLMENT_READERS)
def recovery_plan(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = worked_enrolment(request, pk)
    plan = RecoveryPlan.objects.filter(enrolment=enrolment).prefetch_related("goals").first()
    initial = (
        {"version": plan.version} | {f: getattr(plan, f) for f in RecoveryPlan.AUDITED_FIELDS} if plan else {}
    )
    action = request.POST.get("action", "plan")
    bound = request.POST if request.method == "POST" else None
    plan_form = RecoveryPlanForm(bound if action == "plan" else None, initial=initial)
    goal_form = GoalForm(bound if action == "goal" else None)
    status_form = GoalStatusForm(bound if action == "status" else None)
    review_form = PlanReviewForm(
        bound if action == "review" else None, phases=_phase_choices(enrolment, True)
    )
    forms = {"plan": plan_form, "goal": goal_form, "status": status_form, "review": review_form}
    if request.method == "POST" and action == "plan":
        saved = save_or_conflict(
            request,
            plan_form,
            lambda data: services.do_save_recovery_plan(
                actor=request.user, enrolment=enrolment, expected_version=data["version"], values=data
            ),
            reload=lambda: _saved_recovery_plan(enrolment.pk),
            title=_("Recovery plan"),
            cancel_url=reverse("recovery_plan", kwargs={"pk": enrolment.pk}),
        )
        if isinstance(saved, HttpResponse):
            return saved
        if saved.ok:
            messages.success(request, _("Recovery plan saved."))
            return redirect("recovery_plan", pk=enrolment.pk)
    elif request.method == "POST" and action in forms and forms[action].is_valid():
        data = forms[action].cleaned_data
        try:
            if plan is None:
                raise ValidationError(_("Write the interests and strengths first."))
            elif action == "goal":
                services.do_add_goal(
                    actor=request.user, plan=plan, text=data["text"], built_on=data["built_on"]
                )
            elif action == "status":
                goal = next((g for g in plan.goals.all() if g.pk == data["goal"]), None)
                if goal is None:
                    raise PermissionDenied
                services.do_set_goal_status(actor=request.user, goal=goal, status=data["status"])
            else:
                services.do_review_plan(
                    actor=request.user,
                    enrolment=enrolment,
                    phase_key=data["phase_key"],
                    reviewed_on=data["reviewed_on"],
                    note=data["note"],
                )
        except ValidationError as error:
            forms[action].add_error(None, error)
        else:
            messages.success(request, _("Recovery plan saved."))
            return redirect("recovery_plan", pk=enrolment.pk)
    return render(
        request,
        "programs/recovery_plan.html",
        {
            "enrolment": enrolment,
            "plan": plan,
            "goals": list(plan.goals.all()) if plan else [],
            "reviews": list(enrolment.plan_reviews.select_related("reviewed_by")),
            "goal_status_choices": GoalStatusForm.base_fields["status"].choices,
            **{f"{name}_form": form for name, form in forms.items()},
        },
    )


@roles(scope.ENROLMENT_READERS)
def crisis_plan(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = scope.get_enrolment(request.user, pk)
    if not scope.can_read_plans(request.user, enrolment):
        raise PermissionDenied
    plan = CrisisPlan.objects.filter(enrolment=enrolment).select_related("updated_by").first()
    return render(
        request,
        "programs/crisis_plan.html",
        {"enrolment": enrolment, "plan": plan, "can_work": scope.can_work(request.user, enrolment)},
    )


def _crisis_plan_values(plan: CrisisPlan) -> dict:
    values = {
        "warning_signs": plan.warning_signs,
        "what_helps": plan.what_helps,
        "what_to_avoid": plan.what_to_avoid,
    }
    for index, person in enumerate(plan.who_to_call, start=1):
        values |= {
            f"call_name_{index}": person["name"],
            f"call_relation_{index}": person.get("relation", ""),
            f"call_phone_{index}": person["phone"],
        }
    return values


def _saved_crisis_plan(enrolment_pk: int) -> tuple[dict, int]:
    plan = CrisisPlan.objects.get(enrolment_id=enrolment_pk)
    return _crisis_plan_values(plan), plan.version


@roles(scope.ENROLMENT_READERS)
def crisis_plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = worked_enrolment(request, pk)
    plan = CrisisPlan.objects.filter(enrolment=enrolment).first()
    initial = _crisis_plan_values(plan) | {"version": plan.version} if plan else {}
    form = CrisisPlanForm(request.POST or None, initial=initial)
    saved = save_or_conflict(
        request,
        form,
        lambda data: services.do_save_crisis_plan(
            actor=request.user,
            enrolment=enrolment,
            expected_version=data["version"],
            warning_signs=data["warning_signs"],
            what_helps=data["what_helps"],
            what_to_avoid=data["what_to_avoid"],
            who_to_call=form.people(),
        ),
        reload=lambda: _saved_crisis_plan(enrolment.pk),
        title=_("Crisis plan"),
        cancel_url=reverse("crisis_plan", kwargs={"pk": enrolment.pk}),
    )
    if isinstance(saved, HttpResponse):
        return saved
    if saved.ok:
        messages.success(request, _("Crisis plan saved."))
        return redirect("crisis_plan", pk=enrolment.pk)
    return render(
        request,
        "programs/enrolment_form.html",
        {"enrolment": enrolment, "form": form, "title": _("Crisis plan")},
    )


@roles(scope.ENROLMENT_READERS)
def linkage_add(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = worked_enrolment(request, pk)
    form = LinkageForm(request.POST or None)
    saved = save_form(
        request,
        form,
        lambda data: services.do_add_linkage(actor=request.user, enrolment=enrolment, **form.cleaned_data),
    )
    if saved.ok:
        messages.success(request, _("Linkage added."))
        return redirect("enrolment_detail", pk=enrolment.pk)
    return render(
        request,
        "programs/enrolment_form.html",
        {"enrolment": enrolment, "form": form, "title": _("Link to a support")},
    )


def _saved_linkage(pk: int) -> tuple[dict, int]:
    linkage = Linkage.objects.get(pk=pk)
    dated = [linkage.ended_on, linkage.active_on, linkage.first_contact_on, linkage.proposed_on]
    on = next(day for day in dated if day is not None)
    return {"status": linkage.status, "on": on, "note": linkage.note}, linkage.version


@roles(scope.ENROLMENT_READERS)
def linkage_update(request: HttpRequest, pk: int) -> HttpResponse:
    linkage = scope.get_linkage(request.user, pk)
    enrolment = worked_enrolment(request, linkage.enrolment_id)
    form = LinkageUpdateForm(request.POST or None, initial={"version": linkage.version})
    saved = save_or_conflict(
        request,
        form,
        lambda data: services.do_update_linkage(
            actor=request.user,
            linkage=linkage,
            expected_version=data["version"],
            status=data["status"],
            on=data["on"],
            note=data["note"],
        ),
        reload=lambda: _saved_linkage(linkage.pk),
        title=linkage.name,
        cancel_url=reverse("enrolment_detail", kwargs={"pk": enrolment.pk}),
    )
    if isinstance(saved, HttpResponse):
        return saved
    if saved.ok:
        messages.success(request, _("Linkage updated."))
        return redirect("enrolment_detail", pk=enrolment.pk)
    title = _("%(name)s: %(status)s") % {"name": linkage.name, "status": linkage.get_status_display()}
    return render(
        request, "programs/enrolment_form.html", {"enrolment": enrolment, "form": form, "title": title}
    )
