"""Shared vocabulary for the permission matrix.

Each app's ``tests/<app>/access_routes.py`` defines ``ROUTES`` (route name -> expected status per
persona, built with :func:`expect`) and may define ``url_kwargs(name, world) -> dict | None`` to give
the URL arguments of its routes (creating whatever objects they need at site A, inside the world of
``own_participant``). ``tests/web/test_access_matrix.py`` collects them all and fails on any route
that no module lists.
"""

from __future__ import annotations

from tests.conftest import PERSONAS

ALL = frozenset(PERSONAS) - {"anonymous"}
PARTICIPANT_READERS = frozenset(
    {"coordinator", "psw", "cmhw", "other_psw", "researcher", "admin", "data_entry"}
)
EDITORS = frozenset({"coordinator", "admin"})


def expect(
    ok: set[str] | frozenset[str],
    *,
    ok_status: int = 200,
    forbidden: int = 403,
    hidden: set[str] | frozenset[str] = frozenset(),
    anonymous: int = 302,
) -> dict[str, int]:
    """Expected status per persona: ``ok`` get ok_status, ``hidden`` 404, the other signed-in ones
    ``forbidden`` and an anonymous visitor ``anonymous`` (302 to the login page by default)."""
    table = {"anonymous": anonymous}
    for persona in ALL:
        table[persona] = ok_status if persona in ok else 404 if persona in hidden else forbidden
    return table
