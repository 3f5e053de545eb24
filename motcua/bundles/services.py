"""Writes of bundled procedures: one application → one bundle and one component dossier per agency.

Every component dossier is created by the dossier intake service (`dossiers.services.dossier_submit`), so it has
its own code, history, steps, rollups and sync like any other dossier; the bundle only links them and keeps the
total due date. The applicant hears once: the components' own intake notices are withheld and one bundle notice
goes through the same outbox (`dossiers.notifications.notice_enqueue`). Rules and sources: `rules.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.selectors import officer_unit_ids
from motcua.catalog.selectors import procedure_get_current
from motcua.core.db import upsert_add
from motcua.core.idempotency import run_once
from motcua.dossiers import clock, notifications
from motcua.dossiers.choices import Channel
from motcua.dossiers.codes import dossier_code
from motcua.dossiers.errors import DossierError
from motcua.dossiers.services import Upload, dossier_receive_at_counter, dossier_submit
from motcua.metrics import bundle_rollup
from motcua.units.models import Unit

from . import rules, selectors
from .choices import AgencyRole
from .models import (
    AgencyRoute,
    Bundle,
    BundleCodeCounter,
    BundleComponent,
    BundleDefinition,
    BundlePart,
    BundleSubmission,
)

NOTICE_TEMPLATE = "bundle_submitted"


class BundleError(Exception):
    """A bundle refused, with a message for the person (Vietnamese)."""

    def __init__(self, message: str, *, code: str = "bundle") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def specs(components: Sequence[BundleComponent]) -> list[rules.ComponentSpec]:
    """The planning view of stored components (their `depends_on` prefetched)."""
    return [
        rules.ComponentSpec(
            order=c.order,
            budget_days=Decimal(c.budget_days),
            depends_on=tuple(sorted(d.order for d in c.depends_on.all())),
        )
        for c in components
    ]


def definition_errors(definition: BundleDefinition) -> list[str]:
    components = list(definition.components.prefetch_related("depends_on").order_by("order"))
    return rules.check_definition(
        total=Decimal(definition.total_limit_days),
        verification=Decimal(definition.verification_limit_days),
        is_national=definition.is_national,
        components=specs(components),
    )


def route_unit(*, receiving_unit: Unit, role: str) -> Unit:
    """The unit taking `role` for a bundle filed at `receiving_unit`: the receiving unit itself for
    `RECEIVING`, else the route of the nearest area up the tree (the receiving unit, then its ancestors)."""
    if role == AgencyRole.RECEIVING:
        return receiving_unit
    chain: list[int] = []
    unit: Unit | None = receiving_unit
    while unit is not None and len(chain) < 16:
        chain.append(unit.pk)
        unit = unit.parent
    routes = {r.area_id: r for r in AgencyRoute.objects.filter(area_id__in=chain, role=role).select_related("unit")}
    for area_id in chain:
        if area_id in routes:
            return routes[area_id].unit
    raise BundleError(
        _("No agency takes the part “%(role)s” for bundles filed at %(unit)s yet; choose another unit.")
        % {"role": AgencyRole(role).label, "unit": receiving_unit.name},
        code="no_route",
    )


def _next_code(*, unit: Unit, day: dt.date) -> str:
    """`LT-` + the dossier code format of TT 01/2018 art 19 (`dossiers.codes.dossier_code`), numbered per receiving
    unit and day like dossiers, in one insert-or-increment statement."""
    values = {"unit_id": unit.pk, "day": day, "last": 1}
    last = upsert_add(BundleCodeCounter, key=("unit", "day"), values=values, add=("last",), returning="last")
    identifier = (unit.e_identifier or unit.code).upper()
    return "LT-" + dossier_code(identifier=identifier, day=day, sequence=int(last))


def _working_days(cal, days: Decimal) -> dt.timedelta:
    return clock.budget_duration(cal, days, "working_days") or dt.timedelta(0)


@transaction.atomic
def bundle_apply(
    *,
    definition: BundleDefinition,
    receiving_unit: Unit,
    applicant_user=None,
    officer=None,
    filed_by=None,
    applicant_name: str,
    applicant_id_number: str = "",
    applicant_phone: str = "",
    applicant_email: str = "",
    applicant_address: str = "",
    subject_name: str,
    subject_date: dt.date | None,
    documents: Mapping[int, Sequence[Upload]] | None = None,
    presented: Mapping[int, Sequence[int]] | None = None,
) -> Bundle:
    """One application for a bundle (ND 61/2018 art 19: same-level liên thông, all agencies at once), online
    (the portal, or an API client's `filed_by`) or at the one-stop counter (`officer`).

    Creates the bundle (code, applicant once, received_at, clock start after the cut-off, total due date from the
    definition's total limit on the working calendar) and one component dossier per component at the agency its
    role routes to, with the component's documents (`documents`: component order → uploads). Each part's planned
    start and due follow its dependencies and budget (`rules.offsets`). The components' own notices are withheld
    and one bundle notice is queued. Refused with `BundleError`.

    Online, every component is filed with `dossier_submit` and each agency receives its own. At the counter
    (ND 61/2018 art 17: the officer checks and receives the dossier, issues the receipt), the part the receiving
    unit decides itself is received there and then with `dossier_receive_at_counter` (`presented`: component order
    → the catalogue documents the applicant showed; an incomplete part refuses the whole bundle), and the other
    agencies' parts are sent to them electronically with `dossier_submit` (art 19: the one-stop unit transfers the
    electronic dossier to every agency at once), filed by the officer and kept on the counter channel (the
    online-filing rate counts what the applicant filed online, not how the centre forwarded it)."""
    if not definition.is_active:
        raise BundleError(_("This bundle is not offered."), code="inactive")
    if officer is not None and receiving_unit.pk not in officer_unit_ids(officer=officer):
        raise BundleError(_("You can only receive bundles at the counter of your own unit."), code="forbidden")
    errors = definition_errors(definition)
    if errors:
        raise BundleError(" ".join(errors), code="bad_definition")
    applicant_name = (applicant_name or "").strip()
    subject_name = (subject_name or "").strip()
    if not applicant_name:
        raise BundleError(_("Enter the applicant's full name."), code="applicant_required")
    if not subject_name:
        raise BundleError(
            _("Enter the name of %(who)s.") % {"who": (definition.subject_label or _("the person concerned")).lower()},
            code="subject_required",
        )
    if not (applicant_phone or "").strip() and not (applicant_email or "").strip():
        raise BundleError(_("Enter a phone number or an e-mail address to receive the notice."), code="contact")
    now = timezone.now()
    today = now.astimezone(clock.VN_TZ).date()
    age_error = rules.subject_age_error(born=subject_date, today=today, max_age_years=definition.subject_max_age_years)
    if age_error:
        raise BundleError(age_error, code="subject_date")
    components = list(definition.components.prefetch_related("depends_on").order_by("order"))
    resolved = []
    for component in components:
        procedure = procedure_get_current(component.procedure_code)
        if procedure is None:
            raise BundleError(
                _("The procedure %(code)s of this bundle is not in the catalogue.")
                % {"code": component.procedure_code},
                code="procedure_missing",
            )
        resolved.append((component, procedure, route_unit(receiving_unit=receiving_unit, role=component.role)))

    # the channel the applicant used (`KenhThucHien`): every part keeps it, the parts sent on from the counter too
    channel = Channel.COUNTER if officer is not None else Channel.ONLINE
    cal = clock.get_calendar()
    start = cal.clock_start(now, cutoff=definition.cutoff)
    due = clock.limit_due(cal, start, Decimal(definition.total_limit_days), "working_days")
    assert due is not None  # a definition always has a total limit
    bundle = Bundle.objects.create(
        code=_next_code(unit=receiving_unit, day=today),
        definition=definition,
        receiving_unit=receiving_unit,
        channel=channel,
        filed_by=officer or filed_by,
        applicant_name=applicant_name,
        applicant_id_number=(applicant_id_number or "").strip(),
        applicant_phone=(applicant_phone or "").strip(),
        applicant_email=(applicant_email or "").strip(),
        applicant_address=(applicant_address or "").strip(),
        applicant_user=applicant_user,
        subject_name=subject_name,
        subject_date=subject_date,
        received_at=now,
        clock_started_at=start,
        due_at=due,
        created_at=now,
    )
    plan = rules.offsets(specs(components))
    documents = documents or {}
    presented = presented or {}
    first = None
    for component, procedure, unit in resolved:
        applicant = {
            "applicant_name": applicant_name,
            "applicant_phone": bundle.applicant_phone,
            "applicant_email": bundle.applicant_email,
            "applicant_address": bundle.applicant_address,
            "applicant_id_number": bundle.applicant_id_number,
            "subject": _("%(bundle)s %(code)s — %(part)s: %(subject)s")
            % {"bundle": definition.name, "code": bundle.code, "part": component.title, "subject": subject_name},
        }
        uploads = list(documents.get(component.order, ()))
        try:
            if officer is not None and component.role == AgencyRole.RECEIVING:
                dossier = dossier_receive_at_counter(
                    officer=officer,
                    unit=unit,
                    procedure=procedure,
                    presented_document_ids=list(presented.get(component.order, ())),
                    documents=uploads,
                    **applicant,
                )
            else:
                dossier = dossier_submit(
                    procedure=procedure,
                    receiving_unit=unit,
                    applicant_user=applicant_user,
                    filed_by=officer or filed_by,
                    channel=channel,
                    documents=uploads,
                    **applicant,
                )
        except (DossierError, ValidationError) as error:
            message = getattr(error, "message", None) or " ".join(getattr(error, "messages", [str(error)]))
            code = "incomplete" if getattr(error, "code", "") == "incomplete" else "component"
            raise BundleError(f"{component.title}: {message}", code=code) from error
        notifications.notices_withhold(dossier=dossier, reason=f"bundle {bundle.code}")
        begin, end = plan[component.order]
        BundlePart.objects.create(
            bundle=bundle,
            component=component,
            dossier=dossier,
            unit=unit,
            budget=_working_days(cal, Decimal(component.budget_days)),
            planned_start_at=cal.add_working_time(start, _working_days(cal, begin)),
            due_at=cal.add_working_time(start, _working_days(cal, end)),
        )
        first = first or dossier
    assert first is not None  # a usable definition has at least two components
    bundle_rollup.bundle_filed(bundle)  # the period report's bundle counters, in this transaction
    event = first.events.order_by("-seq").first()
    assert event is not None  # the intake service records the creation event
    notifications.notice_enqueue(dossier=first, event=event, template=NOTICE_TEMPLATE)
    return bundle


FORM_KEY_RE = re.compile(r"^[A-Za-z0-9-]{16,64}$")
KEY_ERRORS = frozenset({"bad_key", "key_conflict"})  # refusals of the form key, not of the bundle


def bundle_apply_once(*, key: str, request_hash: str, **apply: Any) -> tuple[Bundle, bool]:
    """`bundle_apply` once per form key: (the bundle, whether it was filed by an earlier request).

    The portal's and the counter's forms carry a one-time key made when the form is shown. It is claimed by
    inserting a `BundleSubmission` in the same transaction as the bundle (`core.idempotency.run_once`, the rule
    behind the API's Idempotency-Key and the outreach laptop's queue): a double click or a resubmitted form gets
    the first bundle back and writes nothing; a racing twin waits on the key's unique index until the first
    commits, then gets it too (PostgreSQL). A refused bundle rolls the claim back, so the corrected form may be
    sent with the same key. The same key with other data (`request_hash`: the form's fields and the files'
    SHA-256), or from another account, is refused (`key_conflict`), never answered with someone else's bundle.
    `apply`: the keywords of `bundle_apply`; the account sending the form is its `officer` or `applicant_user`."""
    key = (key or "").strip()
    if not FORM_KEY_RE.match(key):
        raise BundleError(_("This form has expired. Check the details and send it again."), code="bad_key")
    sender = apply.get("officer") or apply.get("applicant_user")
    if sender is None:
        raise TypeError("bundle_apply_once takes the officer or the applicant_user who sends the form")

    def run(claim: BundleSubmission) -> Bundle:
        bundle = bundle_apply(**apply)
        claim.bundle = bundle
        claim.save(update_fields=["bundle"])
        return bundle

    def replay(existing: BundleSubmission) -> Bundle:
        assert existing.bundle is not None  # the claim and its bundle commit together
        return existing.bundle

    return run_once(
        model=BundleSubmission,
        identity={"key": key},
        request_hash=request_hash,
        claim_fields={"user": sender, "created_at": timezone.now()},
        run=run,
        replay=replay,
        owned=lambda existing: existing.user_id == sender.pk,
        conflict=lambda: BundleError(
            _(
                "This form was already sent and its bundle was filed. If this is another bundle, check the details "
                "and send the form again."
            ),
            code="key_conflict",
        ),
    )


@transaction.atomic
def bundle_mark_verification(*, officer, bundle: Bundle, reason: str) -> Bundle:
    """The case needs verification: the total due date becomes the definition's verification limit from the same
    clock start (issue 21: ≤ 5 working days for the national groups; not verified against the published text).
    Only an officer of the receiving unit; once; with a reason."""
    if not selectors.bundle_may_record_verification(officer=officer, bundle=bundle):
        raise BundleError(_("Only an officer of the receiving unit can record this."), code="forbidden")
    reason = (reason or "").strip()
    if not reason:
        raise BundleError(_("Give the reason why verification is needed."), code="reason_required")
    locked = Bundle.objects.select_for_update().select_related("definition").get(pk=bundle.pk)
    if locked.needs_verification:
        raise BundleError(_("Verification has already been recorded for this bundle."), code="already")
    cal = clock.get_calendar()
    due = clock.limit_due(
        cal, locked.clock_started_at, Decimal(locked.definition.verification_limit_days), "working_days"
    )
    assert due is not None
    old_due = locked.due_at
    locked.needs_verification, locked.verification_reason, locked.due_at = True, reason[:2000], due
    locked.save(update_fields=["needs_verification", "verification_reason", "due_at"])
    bundle_rollup.bundle_due_moved(locked, old_due_at=old_due)  # the period report's bundle counters
    return locked
