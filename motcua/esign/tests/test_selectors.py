"""`eresult_can_issue` answers as `eresult_issue` decides; the next free e-result number; the `?ma=` link."""

from motcua.esign.selectors import eresult_can_issue, eresult_next_number, signed_result_codes


def test_leader_of_the_signing_unit_with_a_credential_can_issue(world, credential, signed_dossier):
    assert eresult_can_issue(officer=world.leader, dossier=signed_dossier) is True


def test_specialist_and_counter_officer_cannot_issue(world, credential, signed_dossier):
    assert eresult_can_issue(officer=world.specialist, dossier=signed_dossier) is False
    assert eresult_can_issue(officer=world.counter, dossier=signed_dossier) is False


def test_nobody_can_issue_before_the_result_is_signed_off(world, credential):
    dossier = world.dossier_in("awaiting_signature")
    assert eresult_can_issue(officer=world.leader, dossier=dossier) is False


def test_nobody_can_issue_without_a_credential(world, signed_dossier):
    assert eresult_can_issue(officer=world.leader, dossier=signed_dossier) is False


def test_inactive_leader_cannot_issue(world, credential, signed_dossier):
    world.leader.is_active = False
    world.leader.save()
    assert eresult_can_issue(officer=world.leader, dossier=signed_dossier) is False


def test_next_number_follows_the_issued_results(issued, signed_dossier):
    assert eresult_next_number(dossier=signed_dossier) == 2
    assert signed_result_codes(dossier=signed_dossier) == {issued.result_code}


def test_verification_link_fills_in_the_code(client, db):
    response = client.get("/xac-thuc/", {"ma": "H22.01-260302-0001-KQ1"})
    assert response.status_code == 200
    assert b'value="H22.01-260302-0001-KQ1"' in response.content
