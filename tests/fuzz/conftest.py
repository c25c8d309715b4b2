"""A fixed, repeatable budget for the fuzz tests, so CI time stays predictable."""

from hypothesis import HealthCheck, settings

settings.register_profile(
    "puente",
    max_examples=60,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile("puente")
