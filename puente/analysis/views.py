"""Evaluation pages: the builder, a saved evaluation with its plan and results, reports and exports."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from puente.accounts.access import roles
from puente.analysis import exports, selectors, services
from puente.analysis.data import EVALUATION_ROLES, programmes_for, schedule_choices
from puente.analysis.forms import BuilderForm, ProgrammeForm, ReportForm, SaveForm
from puente.analysis.models import ReportStatus
from puente.analysis.options import EvaluationOptions, check_options
from puente.analysis.presentation import plan_rows, report_context
from puente.people.exports import export_projects_for
from puente.web.conflicts import posted_version
from puente.web.forms_flow import save_form


@roles(EVALUATION_ROLES)
def evaluation_list(request: HttpRequest) -> HttpResponse:
    programmes = list(programmes_for(request.user))
    return render(
        request,
        "analysis/evaluation_list.html",
        {
            "evaluations": list(selectors.evaluations_for(request.user)[:100]),
            "programme_form": ProgrammeForm(programmes=programmes),
        },
    )


def _builder_form(request: HttpRequest, programme, data) -> BuilderForm:
    return BuilderForm(data, choices=schedule_choices(programme))


@roles(EVALUATION_ROLES)
def evaluation_build(request: HttpRequest) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    if not source.get("programme"):
        return redirect("evaluation_list")
    programme = selectors.get_programme(request.user, source.get("programme"))
    bound = "groups" in source
    form = _builder_form(request, programme, source if bound else None)
    if not bound:
        choices = schedule_choices(programme)
        form = BuilderForm(
            initial={
                "programme": programme.pk,
                "groups": choices["groups"],
                "instruments": [code for code, _a in choices["instruments"]],
                "time_points": choices["time_points"],
                "split_by_arm": programme.is_trial,
                "alpha": "0.05",
            },
            choices=choices,
        )
    save_form = SaveForm(request.POST if request.method == "POST" else None)
    context = {"programme": programme, "form": form, "save_form": save_form}
    if bound and form.is_valid():
        options = form.options()
        try:
            check_options(options)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if request.method == "POST" and save_form.is_valid():
                try:
                    evaluation = services.do_save_evaluation(
                        actor=request.user,
                        programme=programme,
                        title=save_form.cleaned_data["title"],
                        options=options,
                    )
                except ValidationError as error:
                    save_form.add_error(None, error)
                else:
                    messages.success(request, _("Evaluation saved."))
                    return redirect("evaluation_detail", pk=evaluation.pk)
            result = selectors.compute(request.user, programme, options)
            context.update(report_context(result))
            context["has_result"] = True
    return render(request, "analysis/evaluation_build.html", context)


@roles(EVALUATION_ROLES)
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = selectors.get_evaluation(request.user, pk)
    options = EvaluationOptions.from_dict(evaluation.options)
    result = selectors.compute(request.user, evaluation.programme, options)
    return render(
        request,
        "analysis/evaluation_detail.html",
        {
            "evaluation": evaluation,
            **report_context(result),
            "reports": selectors.reports_of(request.user, evaluation),
            "report_form": ReportForm(initial={"language": get_language()}),
        },
    )


@roles(EVALUATION_ROLES)
def evaluation_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The analysis plan with the researcher's overrides; POST saves them."""
    evaluation = selectors.get_evaluation(request.user, pk)
    options = EvaluationOptions.from_dict(evaluation.options)
    error = None
    if request.method == "POST":
        for name, value in request.POST.items():
            if name.startswith("override:"):
                options = options.with_override(name.removeprefix("override:"), value or None)
        try:
            services.do_update_evaluation(
                actor=request.user,
                evaluation=evaluation,
                options=options,
                expected_version=posted_version(request.POST.get("version")),
            )
        except ValidationError as exc:
            error = exc
        else:
            messages.success(request, _("Analysis plan saved."))
            return redirect("evaluation_detail", pk=evaluation.pk)
    result = selectors.compute(request.user, evaluation.programme, options)
    return render(
        request,
        "analysis/evaluation_plan.html",
        {"evaluation": evaluation, "plan": plan_rows(result), "errors": error.messages if error else []},
    )


@roles(EVALUATION_ROLES)
def report_request(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = selectors.get_evaluation(request.user, pk)
    if request.method != "POST":
        return redirect("evaluation_detail", pk=evaluation.pk)
    form = ReportForm(request.POST)
    language = form.cleaned_data["language"] if form.is_valid() else get_language()
    report = services.do_request_report(actor=request.user, evaluation=evaluation, language=language)
    return redirect("report_status", pk=report.pk)


@roles(EVALUATION_ROLES)
def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report(request.user, pk)
    return render(request, "analysis/report_status.html", {"report": report, "evaluation": report.evaluation})


@roles(EVALUATION_ROLES)
def report_status_json(request: HttpRequest, pk: int) -> JsonResponse:
    report = selectors.get_report(request.user, pk)
    return JsonResponse(
        {
            "status": report.status,
            "label": str(ReportStatus(report.status).label),
            "progress": report.progress,
            "finished": report.is_finished,
            "html_url": reverse("report_view", kwargs={"pk": report.pk}),
            "pdf_url": reverse("report_pdf", kwargs={"pk": report.pk}),
        }
    )


@roles(EVALUATION_ROLES)
def report_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report(request.user, pk, with_content=True)
    if report.status != ReportStatus.DONE:
        raise Http404
    services.do_record_download(actor=request.user, report=report, kind="html")
    return render(request, "analysis/report_view.html", {"report": report, "evaluation": report.evaluation})


@roles(EVALUATION_ROLES)
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report(request.user, pk, with_content=True)
    if report.status != ReportStatus.DONE or not report.pdf:
        raise Http404
    services.do_record_download(actor=request.user, report=report, kind="pdf")
    response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="evaluation-{report.evaluation_id}-{report.pk}.pdf"'
    )
    return response


class ExportForm(forms.Form):
    project = forms.ModelChoiceField(
        label=gettext_lazy("Export project (its key makes the pseudonyms)"), queryset=None
    )
    fmt = forms.ChoiceField(
        label=gettext_lazy("File format"),
        choices=[
            ("sav", gettext_lazy("SPSS (.sav) with variable and value labels")),
            ("dta", gettext_lazy("Stata (.dta) with variable and value labels")),
            ("wide_csv", gettext_lazy("CSV, one row per person")),
            ("long_csv", gettext_lazy("CSV, one row per score")),
            ("r", gettext_lazy("R: CSV and data dictionary (zip)")),
        ],
    )
    study_codes = forms.BooleanField(
        label=gettext_lazy("Keep study codes instead of pseudonyms"),
        required=False,
        help_text=gettext_lazy("Off by default: files leave the service with pseudonyms only."),
    )

    def __init__(self, *args: object, user: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = export_projects_for(user)


@roles(EVALUATION_ROLES)
def evaluation_export(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = selectors.get_evaluation(request.user, pk)
    form = ExportForm(request.POST or None, user=request.user)
    saved = save_form(
        request,
        form,
        lambda data: exports.do_export_evaluation(
            actor=request.user,
            evaluation=evaluation,
            project=form.cleaned_data["project"],
            fmt=form.cleaned_data["fmt"],
            pseudonymise=not form.cleaned_data["study_codes"],
        ),
    )
    if saved.ok:
        result = saved.value
        response = HttpResponse(result.content, content_type=result.content_type)
        response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
        return response
    return render(request, "analysis/evaluation_export.html", {"evaluation": evaluation, "form": form})
