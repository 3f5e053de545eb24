import datetime as dt

from motcua.dossiers.choices import DocumentKind, PaymentMethod
from motcua.dossiers.models import DossierDocument
from motcua.metrics.indicators import INDICATORS, indicator_definitions, indicator_values

MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def values(season, period=MARCH):
    return indicator_values(unit=season.province, start=period[0], end=period[1])


def test_every_indicator_has_a_definition_with_formula_source_and_inputs():
    assert {d.id for d in indicator_definitions()} >= {
        "on_time_rate", "online_rate", "full_online_rate", "digitisation_rate", "e_result_rate", "reuse_rate",
        "online_payment_rate", "average_processing_days", "satisfaction_rate", "feedback_on_time_rate",
    }  # fmt: skip
    for definition in indicator_definitions():
        assert definition.formula and definition.inputs
        assert "766" in definition.source
    assert INDICATORS["average_processing_days"].unit == "days"


def test_rates_of_the_flow_come_from_the_period_report(season):
    v = values(season)
    # March: resolved a11 (on time), a1 (early), a2 (late), a4 (on time), a9 (early), a10 (early)
    assert (v["on_time_rate"].numerator, v["on_time_rate"].denominator, v["on_time_rate"].value) == (5, 6, 0.8333)
    # Received 11, of which online a4, a5 (submitted 30/3) and b1
    assert (v["online_rate"].numerator, v["online_rate"].denominator) == (3, 11)
    assert v["on_time_rate"].inputs == {"resolved_early": 3, "resolved_on_time": 2, "resolved": 6}


def test_without_ratings_or_feedback_the_value_is_none_with_the_reason(season):
    v = values(season)
    for ident in ("satisfaction_rate", "feedback_classified_rate", "feedback_on_time_rate", "portal_sync_rate"):
        assert v[ident].value is None
        assert v[ident].no_data_reason


def test_e_results_digitisation_and_online_payment_count_resolved_dossiers(season):
    a1, a2 = season.dossiers["a1"], season.dossiers["a2"]
    DossierDocument.objects.create(dossier=a1, kind=DocumentKind.RESULT, name="KQ", file="r.pdf", result_code="X-KQ1")
    DossierDocument.objects.create(dossier=a1, kind=DocumentKind.COMPONENT, name="Tờ khai", digitised=True)
    a2.fee_amount, a2.payment_method = 50000, PaymentMethod.ONLINE
    a2.save(update_fields=["fee_amount", "payment_method"])
    v = values(season)
    resolved = v["e_result_rate"].denominator
    assert resolved == 6
    assert v["e_result_rate"].numerator == 1
    assert v["e_result_rate"].inputs["signed_e_results"] == 0  # uploaded, not signed by esign
    assert v["digitisation_rate"].numerator == 1
    assert (v["online_payment_rate"].numerator, v["online_payment_rate"].denominator) == (1, 1)


def test_average_processing_time_is_in_days_and_empty_periods_have_no_value(season):
    v = values(season)
    assert v["average_processing_days"].value > 0
    empty = values(season, (dt.date(2025, 1, 1), dt.date(2025, 1, 31)))
    assert empty["average_processing_days"].value is None
    assert empty["on_time_rate"].value is None


def test_e_results_of_766_count_only_procedures_with_a_paper_result(season):
    """766 ind. 4.1 (legal-details.md §3.3): the denominator is the dossiers of procedures requiring a paper
    result — a catalogue result with a national result code. The season's resolved dossiers are procedure a's."""
    season.a.procedure.results.create(name="Giấy khai sinh", code="KQ.1.000001")
    season.b.procedure.results.create(name="Giấy chứng nhận", code="")  # no national code: no paper result
    a1 = season.dossiers["a1"]
    DossierDocument.objects.create(dossier=a1, kind=DocumentKind.RESULT, name="KQ", file="r.pdf", result_code="X-KQ1")
    v = values(season)
    assert (v["e_result_paper_rate"].numerator, v["e_result_paper_rate"].denominator) == (1, 6)
    season.a.procedure.results.update(code="")
    assert values(season)["e_result_paper_rate"].value is None
