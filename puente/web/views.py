from django.db import connection
from django.http import HttpRequest, JsonResponse

from puente.accounts.access import public


@public
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
