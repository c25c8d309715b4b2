"""Synthetic data sets for benchmarks and tests: ``puente synth --scale demo|regional``.

``generate(scale, seed)`` fills the current default database (migrated, without participants) with a
deterministic data set built with the app's own models and constraints, and returns the row counts
per table and the seconds it took. The organisation is named "Puente synthetic data (no real people)".

Accounts (every one has the benchmark-only password :data:`PASSWORD`; see :func:`accounts`):

- ``synth-admin``: administrator of every site;
- ``synth-researcher`` (lead coder) and ``synth-researcher-2`` (second coder): researchers, every site;
- ``synth-coord-01`` ... : the coordinator of site ``synth-01`` ...;
- ``synth-psw-0001`` / ``synth-cmhw-0001`` ...: the peer support worker and community mental health
  worker of one team; site N holds workers ``(N-1)*teams+1`` to ``N*teams``. Each team supports the
  open enrolments assigned to it, so each worker has a caseload at their own site.
"""

from __future__ import annotations

from puente.synth.people import (
    ADMINISTRATOR,
    PASSWORD,
    RESEARCHER,
    SECOND_CODER,
    cmhw_username,
    coordinator_username,
    psw_username,
)
from puente.synth.runner import DatabaseInUse, generate
from puente.synth.sizes import SCALES, Scale, scale_named

__all__ = ["PASSWORD", "SCALES", "DatabaseInUse", "Scale", "accounts", "generate", "scale_named"]


def accounts(scale: str | Scale) -> dict[str, object]:
    """The usernames a data set of ``scale`` holds, by role, and their password."""
    chosen = scale if isinstance(scale, Scale) else scale_named(scale)
    workers = chosen.sites * chosen.teams_per_site
    return {
        "password": PASSWORD,
        "administrator": ADMINISTRATOR,
        "researchers": [RESEARCHER, SECOND_CODER],
        "coordinators": [coordinator_username(n) for n in range(1, chosen.sites + 1)],
        "psws": [psw_username(n) for n in range(1, workers + 1)],
        "cmhws": [cmhw_username(n) for n in range(1, workers + 1)],
    }
