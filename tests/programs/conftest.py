from __future__ import annotations

import pytest

from puente.accounts.models import Organisation, Site, User
from puente.demo import loader


def demo_context() -> loader.DemoContext:
    """The foundation demo's context rebuilt from the database, for the programme loader."""
    import random

    from faker import Faker

    sites = {site.code: site for site in Site.objects.all()}
    staff = {}
    for code in sites:
        staff[code] = {
            role: list(User.objects.filter(username__regex=rf"^{role}2?\.{code}$").order_by("username"))
            for role in ("coordinator", "psw", "cmhw")
        }
    participants = {code: list(site.participants.order_by("study_code")) for code, site in sites.items()}
    return loader.DemoContext(
        organisation=Organisation.objects.get(name=loader.DEMO_ORGANISATION),
        sites=sites,
        fakers={code: Faker() for code in sites},
        staff=staff,
        participants=participants,
        admin=User.objects.get(username="admin"),
        researcher=User.objects.get(username="researcher"),
        trainer=User.objects.get(username="trainer"),
        rng=random.Random(1),
    )


@pytest.fixture
def programme_demo(db):
    from puente.programs import demo
    from puente.programs.models import Programme

    loader.load_demo()
    if not Programme.objects.filter(code="cti-ts-trial").exists():
        # Only when the foundation loader does not yet run the app loaders itself.
        demo.load(demo_context())
