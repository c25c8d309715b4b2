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

from importlib import import_module
from typing import Any

from puente.synth.sizes import SCALES, Scale, scale_named

__all__ = ["PASSWORD", "SCALES", "DatabaseInUse", "Scale", "accounts", "generate", "scale_named"]

# Names that need the models, imported on first use: the generator's version (``puente.synth.version``)
# must be importable before Django is set up.
_LAZY = {
    "PASSWORD": "puente.synth.people",
    "DatabaseInUse": "puente.synth.runner",
    "generate": "puente.synth.runner",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(name)


def accounts(scale: str | Scale) -> dict[str, object]:
    """The usernames a data set of ``scale`` holds, by role, and their password."""
    from puente.synth import people

    chosen = scale if isinstance(scale, Scale) else scale_named(scale)
    workers = chosen.sites * chosen.teams_per_site
    return {
        "password": people.PASSWORD,
        "administrator": people.ADMINISTRATOR,
        "researchers": [people.RESEARCHER, people.SECOND_CODER],
        "coordinators": [people.coordinator_username(n) for n in range(1, chosen.sites + 1)],
        "psws": [people.psw_username(n) for n in range(1, workers + 1)],
        "cmhws": [people.cmhw_username(n) for n in range(1, workers + 1)],
    }
