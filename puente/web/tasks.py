"""Background tasks of the web layer."""

from __future__ import annotations

from django_tasks import task


@task()
def ping(message: str) -> str:
    """A no-op task: lets an administrator (and the tests) check that the worker runs."""
    return message
