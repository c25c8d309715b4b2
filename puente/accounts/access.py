"""Every view declares who may reach it; anything undeclared is denied.

Decorate a view with :func:`public`, :func:`signed_in` or :func:`roles`. The
:class:`~puente.accounts.middleware.AccessPolicyMiddleware` refuses any view that carries no
policy, and a test walks the URL configuration to make sure none is missing.
Object-level scope (which participant a worker may see) is the selectors' job: a policy only
answers "may this kind of user open this page at all".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

View = TypeVar("View", bound=Callable[..., Any])


@dataclass(frozen=True)
class AccessPolicy:
    public: bool = False
    roles: frozenset[str] | None = None  # None: any signed-in user

    def describe(self) -> str:
        if self.public:
            return "public"
        if self.roles is None:
            return "signed in"
        return "roles: " + ", ".join(sorted(self.roles))


def _mark(view: View, policy: AccessPolicy) -> View:
    view.access_policy = policy  # type: ignore[attr-defined]
    return view


def public(view: View) -> View:
    """Reachable without signing in (login page, self-report links, static health checks)."""
    return _mark(view, AccessPolicy(public=True))


def signed_in(view: View) -> View:
    """Any signed-in user; the view's selectors still scope every object."""
    return _mark(view, AccessPolicy())


def roles(*allowed: str | Iterable[str]) -> Callable[[View], View]:
    """Signed-in users holding at least one of the roles at some site."""
    flat: set[str] = set()
    for item in allowed:
        if isinstance(item, str):
            flat.add(item)
        else:
            flat.update(item)

    def decorator(view: View) -> View:
        return _mark(view, AccessPolicy(roles=frozenset(flat)))

    return decorator


def policy_of(view: Callable[..., Any]) -> AccessPolicy | None:
    return getattr(view, "access_policy", None)
