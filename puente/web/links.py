"""Links to many objects of one kind on one page, reversed once.

``reverse()`` walks the URL patterns on every call; a list of cards with three links each spends a good
part of its time there. :func:`link_maker` reverses a route once with a stand-in key and then only puts
each object's key in its place.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

_STAND_IN = 987654321


def link_maker(name: str) -> Callable[[int], str]:
    """``link_maker("enrolment_detail")(pk) == reverse("enrolment_detail", args=[pk])`` for a route whose
    only argument is a whole-number key."""
    head, _, tail = reverse(name, args=[_STAND_IN]).partition(str(_STAND_IN))
    return lambda pk: f"{head}{int(pk)}{tail}"
