"""766 indicator 3.3 the portal's way, and the dossiers behind every drillable indicator: the list comes from
the predicate that computes the figure, so its length is the figure (numerator and denominator)."""

import datetime as dt

import pytest

from motcua.catalog.choices import OnlineLevel
from motcua.dossiers.choices import DocumentKind, PaymentMethod
from motcua.dossiers.models import DossierDocument
from motcua.metrics import basis
from motcua.metrics.index766 import load_config, points_for
from motcua.metrics.indicators import NO_PORTAL, indicator_values
from motcua.sync.choices import DeliveryStatus

from .factories import DocumentReuseFactory, PortalEndpointFactory, portal_delivery

MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def _values(season):
    return indicator_values(unit=season.province, start=MARCH[0], end=MARCH[1], replay=True)


def _item(code):
    return next(i for g in load_config()["groups"] for i in g["indicators"] if i["code"] == code)


def _full_online(season, *, paper_for_a: bool = True):
    """Both procedures offered as full online services; procedure a (civil status) requires a paper result."""
    for world in (season.a, season.b):
        world.procedure.online_level = OnlineLevel.FULL
        world.procedure.save(update_fields=["online_level"])
    if paper_for_a:
        season.a.procedure.results.create(name="Giấy khai sinh", code="KQ.1.000001")


def _sync(season, names):
    endpoint = PortalEndpointFactory()
    for name in names:
        portal_delivery(endpoint=endpoint, dossier=season.dossiers[name], status=DeliveryStatus.DELIVERED)


def test_rule_text_worked_example_of_3_3():
    """legal-details.md §3.3 row 3.3: online-received / received × sync rate, full points at ≥ 50 %; 12 points
    (index766.yaml, §3.2). 6 of 10 full-online dossiers counted and every dossier synced: 60 % ≥ 50 %, 12 points;
    the same with 80 % synced: 48 %, 12 × 0.48 / 0.5 = 11.52 points."""
    item = _item("3.3")
    assert (item["indicator"], item["max_points"], item["rule"], item["full_at"]) == (
        "full_online_portal_rate", 12, "threshold", 0.5,
    )  # fmt: skip
    assert points_for(item, round(6 / 10 * 1.0, 4), when_no_data="zero") == (12.0, "scored")
    assert points_for(item, round(6 / 10 * 0.8, 4), when_no_data="zero") == (11.52, "scored")


def test_full_online_counts_only_with_an_e_result_where_a_paper_result_is_required_times_the_sync_rate(season):
    """March: 10 received dossiers of full-online procedures; online were a4 (procedure a: paper result, no
    e-result yet) and b1 (procedure b: no paper result). So 1 counted of 10; synced a1, a4: 2 of 10 received."""
    _full_online(season)
    _sync(season, ("a1", "a4"))
    rate = _values(season)["full_online_portal_rate"]
    assert rate.inputs == {"full_online_counted": 1, "received_full": 10, "sync_rate": 0.2}
    assert rate.value == round(1 / 10 * 0.2, 4)
    DossierDocument.objects.create(
        dossier=season.dossiers["a4"], kind=DocumentKind.RESULT, name="KQ", file="r.pdf", result_code="X-KQ4"
    )
    rate = _values(season)["full_online_portal_rate"]
    assert (rate.numerator, rate.denominator, rate.value) == (2, 10, 0.04)
    # The legacy share (rollups: every online dossier, a5 submitted online counted too; no e-result or sync
    # condition) stays on the indicator pages.
    legacy = _values(season)["full_online_rate"]
    assert (legacy.numerator, legacy.denominator) == (3, 11)


def test_without_a_national_portal_endpoint_3_3_has_no_value(season):
    _full_online(season)
    rate = _values(season)["full_online_portal_rate"]
    assert (rate.value, str(rate.no_data_reason)) == (None, str(NO_PORTAL))


def _rich(season):
    """Give every drillable indicator something to count in March."""
    _full_online(season)
    _sync(season, ("a1", "a4", "b1"))
    a1, a2 = season.dossiers["a1"], season.dossiers["a2"]
    DossierDocument.objects.create(dossier=a1, kind=DocumentKind.RESULT, name="KQ", file="r.pdf", result_code="X-KQ1")
    DossierDocument.objects.create(dossier=a1, kind=DocumentKind.COMPONENT, name="Tờ khai", digitised=True)
    a2.fee_amount, a2.payment_method = 50000, PaymentMethod.ONLINE
    a2.save(update_fields=["fee_amount", "payment_method"])
    for name in ("a1", "a3"):
        DocumentReuseFactory(dossier=season.dossiers[name])


@pytest.mark.parametrize("ident", sorted(basis.DRILLABLE))
def test_the_dossiers_listed_are_exactly_the_figure(season, ident):
    _rich(season)
    value = _values(season)[ident]
    ids = {
        part: basis.dossier_ids(ident, part, unit=season.province, start=MARCH[0], end=MARCH[1]) for part in basis.PARTS
    }
    assert len(ids["numerator"]) == value.numerator
    assert len(ids["denominator"]) == value.denominator
    assert set(ids["numerator"]) <= set(ids["denominator"])


def test_drillable_figures_are_not_all_empty(season):
    """Guards the test above against passing on zeros: the season gives most figures a non-empty numerator."""
    _rich(season)
    values = _values(season)
    non_empty = {i for i in basis.DRILLABLE if values[i].numerator}
    assert non_empty >= basis.DRILLABLE - {"population_data_rate"}
