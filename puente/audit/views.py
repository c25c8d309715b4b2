import csv

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from puente.accounts.access import roles
from puente.accounts.roles import Role
from puente.audit import security
from puente.audit.forms import AuditFilterForm
from puente.audit.selectors import AuditFilters, audit_events
from puente.audit.services import record as audit_record

PAGE_SIZE = 100


@roles(Role.ADMINISTRATOR)
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = AuditFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = AuditFilters(
            action=data["action"],
            actor=data["actor"],
            object_type=data["object_type"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            before_seq=data["before"],
        )
    events = audit_events(request.user, filters, limit=PAGE_SIZE + 1)
    has_more = len(events) > PAGE_SIZE
    events = events[:PAGE_SIZE]
    next_params = request.GET.copy()
    if has_more:
        next_params["before"] = str(events[-1].seq)
    return render(
        request,
        "audit/log.html",
        {
            "form": form,
            "events": events,
            "has_more": has_more,
            "next_query": next_params.urlencode(),
        },
    )


@roles(Role.ADMINISTRATOR)
def security_overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "audit/security.html",
        {
            "access": security.access_rows(request.user),
            "failures": security.failed_logins(request.user),
            "exports": security.exports(request.user),
        },
    )


@roles(Role.ADMINISTRATOR)
def security_access_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="puente-access.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["username", "name", "site", "role", "two_factor", "two_factor_required", "last_login", "active"]
    )
    for row in security.access_rows(request.user):
        writer.writerow(
            [
                row.username,
                row.name,
                row.site,
                row.role,
                int(row.two_factor),
                int(row.needs_two_factor),
                row.last_login.isoformat() if row.last_login else "",
                int(row.active),
            ]
        )
    with transaction.atomic():
        audit_record(actor=request.user, action="export.access_list", object_type="security")
    return response
