"""A bare one-insert endpoint, the yardstick `make bench` holds the contact form against.

It is mounted only when ``PUENTE_BENCH_ENDPOINTS`` is on, which the settings refuse in a secure
production deployment. It goes through the same server, middleware, session and CSRF check as a real
form, then writes one small row in one transaction and answers 204: whatever the contact form costs beyond
that is the application's own work (validation, scoping, audit).
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST

from puente.accounts.access import public
from puente.web.models import SubmissionKey

# The rows it writes are told apart from real submission keys by this scope.
BENCH_SCOPE = "bench.insert"


@public  # acceptable only because the route exists in benchmark runs alone
@require_POST
def bench_insert(request: HttpRequest) -> HttpResponse:
    key = request.POST.get("key", "")[:64] or uuid.uuid4().hex
    user_id = request.user.pk if request.user.is_authenticated else None
    with transaction.atomic():
        SubmissionKey.objects.create(scope=BENCH_SCOPE, key=key, user_id=user_id, object_id="")
    return HttpResponse(status=204)


urlpatterns = [path("bench/insert/", bench_insert, name="bench_insert")]
