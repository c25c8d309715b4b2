"""The main navigation groups pages by area so that a coordinator's many pages fit on a phone."""

from __future__ import annotations

from django.urls import reverse

from puente.accounts.roles import Role
from puente.web.extensions import NavArea, nav_for, nav_items
from tests.conftest import client_for


def labels(entries) -> list[str]:
    return [str(entry.label) for entry in entries]


def test_a_coordinator_sees_areas_rather_than_a_long_row_of_links():
    entries = nav_for({Role.COORDINATOR})
    grouped = [entry for entry in entries if entry.single is None]
    assert {str(NavArea.LABELS[NavArea.DELIVERY]), str(NavArea.LABELS[NavArea.WORKFORCE])} <= set(
        labels(grouped)
    )
    assert len(entries) <= 6


def test_an_area_with_one_page_for_this_user_is_a_plain_link():
    entries = nav_for({Role.PSW})
    my_work = [entry for entry in entries if any(item.url_name == "my_workforce" for item in entry.items)]
    assert len(my_work) == 1 and my_work[0].single is not None
    assert str(my_work[0].label) == str(my_work[0].single.label)


def test_every_page_a_user_may_open_stays_in_the_navigation():
    for role in Role.values:
        reachable = {item.url_name for entry in nav_for({role}) for item in entry.items}
        allowed = {item.url_name for item in nav_items() if item.roles is None or role in item.roles}
        assert reachable == allowed, role


def test_the_page_renders_areas_as_disclosure_menus(world):
    response = client_for(world.coordinator).get(reverse("home"))
    html = response.content.decode()
    assert '<details class="nav-area"><summary>Delivery</summary>' in html
    assert f'href="{reverse("caseload_review")}"' in html
