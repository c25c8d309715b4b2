"""The project's URLs plus the benchmark-only endpoint, as a benchmark run mounts them."""

from puente.urls import urlpatterns as project_urlpatterns
from puente.web.bench_endpoint import urlpatterns as bench_urlpatterns

urlpatterns = [*project_urlpatterns, *bench_urlpatterns]
