from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from puente.accounts.access import roles
from puente.accounts.roles import Role
from puente.audit.forms import AuditFilterForm
from puente.audit.selectors import AuditFilters, audit_events

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
