"""Access-control matrix: every named route × seven actors → the outcome it must have.

Outcomes: A = access granted (the view ran: 2xx, a redirect that is not the sign-in page, 400 for bad input),
L = sent to sign in, D = refused (401/403), H = hidden (404: the object is outside the actor's scope, or the
route itself answers 404 to everyone). Columns follow `ACTORS`: anonymous, citizen owner of the dossier, other
citizen, counter officer of the dossier's receiving unit, counter officer of another one-stop centre, leader of
the processing department, superuser. Routes only reachable by POST are probed with an empty POST (CSRF
checks off), which never passes validation, so nothing changes. A new route without a row fails the test.

The API answers 401 to every session: it authenticates by token only (its token × unit scope is tested in
`motcua/api/tests`).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from .matrix import ACTORS, MatrixWorld, named_routes

POST_ONLY = {
    "feedback:react",
    "console:feedback_step",
    "scorecard:framework_load",
    "accounts:logout",
    "sso:logout",
    "api-v1:dossier_act",
    "api-v1:feedback_create",
    "api-v1:rating_create",
    "api-v1:result_verify",
    "scorecard:assessment_open",
    "scorecard:publish",
    "scorecard:survey_import",
    "citizen:dossier_pay",
    "citizen:dossier_postal",
    "citizen:dossier_supplement",
    "citizen:dossier_withdraw",
    "console:dossier_action",
    "console:dossier_eresult",
    "console:dossier_ship",
    "console:intake_notice",
    "links:post_event",
    "links:zalo_event",
    "counter:appointment_cancel",
    "counter:desk_call",
    "counter:desk_finish",
    "counter:desk_check_in",
    "outreach:status",
    "outreach:intake_submit",
}

# route: anonymous owner other_citizen counter other_unit leader admin
MATRIX: dict[str, str] = {
    "accounts:citizen_signin": "A A A A A A A",
    "accounts:citizen_verify": "L L L L L L L",
    "accounts:profile": "L A A A A A A",
    "accounts:login": "A A A A A A A",
    "accounts:logout": "A A A A A A A",
    "api-v1:api-root": "H H H H H H H",
    "api-v1:dossier_act": "D D D D D D D",
    "api-v1:dossier_create": "D D D D D D D",
    "api-v1:dossier_detail": "D D D D D D D",
    "api-v1:dossier_document_download": "D D D D D D D",
    "api-v1:dossier_documents": "D D D D D D D",
    "api-v1:dossier_documents_upload": "D D D D D D D",
    "api-v1:dossier_events": "D D D D D D D",
    "api-v1:dossier_list": "D D D D D D D",
    "api-v1:dossier_result_download": "D D D D D D D",
    "api-v1:dossier_results": "D D D D D D D",
    "api-v1:feedback_create": "D D D D D D D",
    "api-v1:feedback_detail": "D D D D D D D",
    "api-v1:metrics_period_report": "D D D D D D D",
    "api-v1:openapi-json": "A A A A A A A",
    "api-v1:openapi-view": "A A A A A A A",
    "api-v1:procedure_detail": "D D D D D D D",
    "api-v1:procedure_list": "D D D D D D D",
    "api-v1:rating_create": "D D D D D D D",
    "api-v1:rating_questions": "D D D D D D D",
    "api-v1:result_verify": "D D D D D D D",
    "api-v1:status_lookup": "D D D D D D D",
    "api-v1:unknown_path": "H H H H H H H",
    "scorecard:assessment": "L D D H H H H",
    # queue and appointments (motcua.counter): the matrix's codes are no centre, its pks no counter
    "counter:centres": "A A A A A A A",
    # electronic certified copies (motcua.certify): officers only; the matrix's pk is no copy
    "bundles:apply": "L H H H H H H",
    "bundles:list": "A A A A A A A",
    "bundles:my_detail": "L H H H H H H",
    "bundles:my_list": "L A A A A A A",
    "bundles:officer_detail": "L D D H H H H",
    "bundles:officer_list": "L D D A A A A",
    "certify:book": "L D D A A A A",
    # procedure reviews (motcua.simplify): officers of the reviewing agency; the matrix's pk is no review
    "simplify:list": "L D D A A A A",
    "simplify:create": "L D D A A A A",
    "simplify:detail": "L D D H H H H",
    # officer evaluation (motcua.appraisal): the list for officers; an evaluation (a membership pk) only for the
    # officer, their unit's leader and centre manager, 404 to everyone else (tests in motcua/appraisal)
    "appraisal:list": "L D D A A A A",
    "appraisal:detail": "L H H H H H H",
    "appraisal:dossiers": "L H H H H H H",
    "appraisal:grade": "L H H H H H H",
    "certify:create": "L D D A A A A",
    # outreach sessions (motcua.outreach): officers only, planning for the centre's manager (the matrix's admin is
    # a superuser); the matrix's pk is no session. The service worker is a public script.
    "outreach:list": "L D D A A A A",
    "outreach:service_worker": "A A A A A A A",
    "outreach:who": "D A A A A A A",
    "outreach:plan": "L D D D D D A",
    "outreach:report": "L D D A A A A",
    "outreach:report_xlsx": "L D D A A A A",
    "outreach:detail": "L D D H H H H",
    "outreach:status": "L D D H H H H",
    "outreach:intake": "L D D H H H H",
    "outreach:intake_submit": "L D D H H H H",
    "certify:detail": "L D D H H H H",
    "certify:download": "L D D H H H H",
    "counter:ticket": "H H H H H H H",
    "counter:appointments": "L A A A A A A",
    "counter:appointment_cancel": "L H H H H H H",
    "counter:desk_list": "L D D A A A A",
    "counter:desk": "L D D H H H H",
    "counter:desk_call": "L D D H H H H",
    "counter:desk_finish": "L D D H H H H",
    "counter:desk_check_in": "L D D H H H H",
    "counter:statistics": "L D D D D D A",
    "counter:kiosk": "H H H H H H H",
    "counter:display": "H H H H H H H",
    "counter:book": "L H H H H H H",
    "scorecard:assessment_open": "L D D H H H H",
    "scorecard:external": "L D D A A A A",
    "scorecard:framework": "L D D A A A A",
    "scorecard:framework_load": "L D D H H H A",
    "scorecard:frameworks": "L D D A A A A",
    "scorecard:publish": "L D D A A A A",
    "scorecard:results": "L D D A A A A",
    "scorecard:results_print": "L D D A A A A",
    "scorecard:results_xlsx": "L D D A A A A",
    "scorecard:survey_import": "L D D A A A A",
    "citizen:data_store": "L A A A A A A",
    "citizen:data_store_download": "L H H H H H H",
    "citizen:document_download": "L A H H H H H",
    "citizen:dossier_detail": "L A H H H H H",
    "citizen:dossier_list": "L A A A A A A",
    "citizen:dossier_pay": "L A H H H H H",
    "citizen:dossier_postal": "L A H H H H H",
    "citizen:dossier_rate": "L A H H H H H",
    "citizen:dossier_supplement": "L A H H H H H",
    "citizen:dossier_withdraw": "L A H H H H H",
    "citizen:feedback_detail": "L H H H H H H",
    "citizen:feedback_list": "L A A A A A A",
    "citizen:payment_return": "L A H H H H H",
    "console:document": "L D D A H H H",
    "console:dossier": "L D D A H H H",
    "console:dossier_action": "L D D A H H H",
    "console:dossier_eresult": "L D D A H H H",
    "console:dossier_ship": "L D D A H H H",
    "console:dossier_form": "L D D H H H H",
    "console:dossier_form_pdf": "L D D H H H H",
    "console:feedback_detail": "L D D H H H H",
    "console:feedback_inbox": "L D D A A A A",
    "console:feedback_step": "L D D H H H H",
    "console:inbox": "L D D A A A A",
    "console:intake": "L D D A A D D",
    "console:population_lookup": "L D D A A D D",
    "console:intake_notice": "L D D H H H H",
    "console:procedure_results": "L D D A A A A",
    "console:ratings": "L D D A A A A",
    "console:register": "L D D A A A D",
    "core:healthz": "A A A A A A A",
    "core:home": "A A A A A A A",
    "demo:codes": "H H H H H H H",
    "esign:verify": "A A A A A A A",
    "feedback:detail": "H H H H H H H",
    "feedback:follow": "A A A A A A A",
    "feedback:public_list": "A A A A A A A",
    "feedback:react": "H H H H H H H",
    "feedback:send": "A A A A A A A",
    "portal:procedure_browse": "A A A A A A A",
    "portal:procedure_detail": "A A A A A A A",
    "portal:procedure_list": "A A A A A A A",
    "portal:submit": "L A A A A A A",
    "rating:kiosk": "A A A A A A A",
    "stats:public": "A A A A A A A",
    "reform:evidence_download": "L D D H H H H",
    "reform:finding_follow_up": "L D D H H H H",
    "reform:inspection_create": "L D D H H H A",
    "reform:inspection_list": "L D D H H H A",
    "reform:inspection_xlsx": "L D D H H H A",
    "reform:judge_sheet": "L D D H H H H",
    "reform:plan_create": "L D D A A A H",
    "reform:plan_detail": "L D D H H H A",
    "reform:plan_edit": "L D D H H H A",
    "reform:plan_list": "L D D A A A A",
    "reform:plan_print": "L D D H H H A",
    "reform:plan_xlsx": "L D D H H H A",
    "reform:published_detail": "H H H H H H H",
    "reform:published_list": "A A A A A A A",
    "reform:round_create": "L D D A A A H",
    "reform:round_detail": "L D D A A A A",
    "reform:round_list": "L D D A A A A",
    "reform:survey_create": "L D D A A A H",
    "reform:survey_enter": "L D D H H H A",
    "reform:survey_import": "L D D H H H A",
    "reform:survey_list": "L D D A A A A",
    "reform:survey_public": "H H H H H H H",
    "reform:survey_results": "L D D H H H A",
    "reform:survey_status": "L D D H H H H",
    "reform:task_create": "L D D H H H A",
    "reform:task_detail": "L D D H H H A",
    "reform:task_edit": "L D D H H H A",
    "links:payment_ipn": "A A A A A A A",
    "links:post_event": "D D D D D D D",
    "links:zalo_event": "A A A A A A A",
    "reports:dashboard": "L H H A A A A",
    "reports:drilldown": "L H H A A A A",
    "reports:evaluation": "L H H A A A A",
    "reports:index766": "L H H A A A A",
    "reports:at_risk": "L H H A A A A",
    "reports:indicator": "L H H A A A A",
    "reports:indicators": "L H H A A A A",
    "reports:period_report": "L H H A A A A",
    "reports:period_report_xlsx": "L H H A A A A",
    "reports:ranking": "L H H A A A A",
    "reports:targets": "L H H A A A A",
    "set_language": "A A A A A A A",
    "sso:callback": "H H H H H H H",
    "sso:logout": "A A A A A A A",
    "sso:start": "H H H H H H H",
    "track:lookup": "A A A A A A A",
    "api-v1:bundle_create": "D D D D D D D",
    "api-v1:bundle_definition_list": "D D D D D D D",
    "api-v1:bundle_detail": "D D D D D D D",
    "api-v1:bundle_list": "D D D D D D D",
    "api-v1:outreach_session_detail": "D D D D D D D",
    "api-v1:outreach_session_list": "D D D D D D D",
    "bundles:counter_choose": "L D D A A D D",
    "bundles:counter_intake": "L D D H H H H",
    "bundles:receipt": "L D D H H H H",
    "commitments:detail": "L D D D D D H",
    "commitments:manage": "L D D D D D A",
    "commitments:public": "A A A A A A A",
}


def outcome(response) -> str:
    location = response.get("Location", "")
    if response.status_code == 302 and ("/tai-khoan/" in location or "/quan-tri/login" in location):
        return "L"
    if response.status_code in (401, 403):
        return "D"
    if response.status_code == 404:
        return "H"
    assert response.status_code != 405, f"{response.request['PATH_INFO']} is POST-only: list it in POST_ONLY"
    if response.status_code >= 500:
        return "E"  # never expected: a server error is a bug whatever the actor
    return "A"


def _request(name: str, url: str, user):
    client = Client()  # fresh per request: the logout row must not sign out the next rows
    if user is not None:
        client.force_login(user)
    return client.post(url) if name in POST_ONLY else client.get(url)


def test_every_named_route_has_a_row_in_the_matrix():
    assert sorted(set(named_routes()) - set(MATRIX)) == []
    assert sorted(set(MATRIX) - set(named_routes())) == []


@pytest.mark.django_db
def test_every_route_allows_and_denies_each_actor_as_the_matrix_says(settings):
    """One world for all routes (building it per route would take minutes); the whole table is compared at once
    so a failure lists every route that differs."""
    settings.ALLOWED_HOSTS = ["testserver"]
    world = MatrixWorld()
    users = world.actors
    found = {}
    for name, route in sorted(named_routes().items()):
        url = reverse(name, kwargs=world.url_kwargs(name, route))
        found[name] = " ".join(outcome(_request(name, url, users[actor])) for actor in ACTORS)
    assert found == MATRIX


@pytest.mark.django_db
def test_every_admin_changelist_is_for_staff_only():
    from django.contrib import admin
    from django.contrib.auth import get_user_model

    from motcua.dossiers.tests.factories import OneStopFactory, officer_in

    from .matrix import citizen

    users = {
        "anonymous": None,
        "citizen": citizen("cong-dan"),
        "officer": officer_in(OneStopFactory()),
        "admin": get_user_model().objects.create_superuser(username="quantri", password=None),
    }
    found = {}
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        found[url] = " ".join(outcome(_request("", url, user)) for user in users.values())
    assert found == dict.fromkeys(found, "L L L A")
