"""Rollups of the dossier history, maintained in the same transaction as each `DossierEvent` (DESIGN.md §2).

Two additive tables let the period report be computed without touching dossiers:

* `DailyRollup` — flows: what happened on a Vietnamese calendar day (received by channel, resolved by outcome,
  refused, stopped, withdrawn, delivered, supplements requested, extensions), one row per unit × procedure ×
  channel × day.
* `OpenStock` — changes of the open stock: +1/−1 when a dossier enters/leaves a bucket (in progress with its
  due day, or waiting for the applicant) on a day. The open dossiers at the end of day E are the sum of the
  deltas with `day <= E`; the overdue ones are those in progress with `due_day <= E`.

`DossierMetricState` remembers, per dossier, where its +1 currently sits so the next event can take it back.
`motcua metrics rebuild` recomputes all three from the events and must give identical numbers.
See docs/domain/metrics.md.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.choices import Channel

from .choices import COUNTERS, RECEIVED_BY_CHANNEL, UNIT_FLOWS, Bucket, Ending


class DailyRollup(models.Model):
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    procedure = models.ForeignKey(
        "catalog.Procedure", verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="+"
    )
    field = models.ForeignKey(
        "catalog.Field", verbose_name=_("field"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    day = models.DateField(_("day (Vietnam)"))

    received = models.IntegerField(_("received"), default=0)
    resolved_early = models.IntegerField(_("resolved early"), default=0)
    resolved_on_time = models.IntegerField(_("resolved on time"), default=0)
    resolved_late = models.IntegerField(_("resolved late"), default=0)
    refused = models.IntegerField(_("refused"), default=0)
    stopped = models.IntegerField(_("stopped"), default=0)
    withdrawn = models.IntegerField(_("withdrawn"), default=0)
    delivered = models.IntegerField(_("delivered"), default=0)
    supplement_requested = models.IntegerField(_("supplement requested"), default=0)
    extended = models.IntegerField(_("extended"), default=0)
    committed_resolved = models.IntegerField(_("resolved under a service commitment"), default=0)
    committed_kept = models.IntegerField(_("service commitment kept"), default=0)

    KEY = ("unit", "procedure", "channel", "day")

    class Meta:
        verbose_name = _("daily rollup")
        verbose_name_plural = _("daily rollups")
        constraints = [
            models.UniqueConstraint(fields=["unit", "procedure", "channel", "day"], name="metrics_daily_key")
        ]
        indexes = [
            models.Index(fields=["unit", "day"], name="metrics_daily_unit_day"),
            # A day range for a whole subtree (a report filtered by field or procedure, `selectors._daily_report`).
            models.Index(fields=["day", "unit"], name="metrics_daily_day_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.procedure_id}/{self.channel} {self.day}"

    def counters(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in COUNTERS}


class OpenStock(models.Model):
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    procedure = models.ForeignKey(
        "catalog.Procedure", verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="+"
    )
    field = models.ForeignKey(
        "catalog.Field", verbose_name=_("field"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    day = models.DateField(_("day (Vietnam)"))
    bucket = models.CharField(_("bucket"), max_length=16, choices=Bucket.choices)
    due_day = models.DateField(_("due day (Vietnam)"))
    delta = models.IntegerField(_("change"), default=0)

    KEY = ("unit", "procedure", "channel", "day", "bucket", "due_day")

    class Meta:
        verbose_name = _("open stock change")
        verbose_name_plural = _("open stock changes")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "procedure", "channel", "day", "bucket", "due_day"], name="metrics_stock_key"
            )
        ]
        indexes = [
            models.Index(fields=["unit", "day"], name="metrics_stock_unit_day"),
            # The changes up to a day for a whole subtree (a filtered report, `selectors._stocks`).
            models.Index(fields=["day", "unit"], name="metrics_stock_day_unit"),
            # Rows by due day, whatever the day they were written (kept for due-day look-ups; the window read
            # uses `UnitDayRollup.falling_due_delta` since issue 15 item 2).
            models.Index(
                fields=["due_day", "unit"], name="metrics_stock_due_unit", condition=models.Q(bucket="in_progress")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.procedure_id} {self.day} {self.bucket} {self.due_day}: {self.delta:+d}"


class DossierMetricState(models.Model):
    """Where the dossier is counted in `OpenStock` now, and its report dimensions fixed at creation."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", primary_key=True, on_delete=models.CASCADE, related_name="metric_state"
    )
    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    procedure = models.ForeignKey("catalog.Procedure", on_delete=models.CASCADE, related_name="+")
    field = models.ForeignKey("catalog.Field", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    channel = models.CharField(max_length=16, choices=Channel.choices)
    bucket = models.CharField(max_length=16, choices=Bucket.choices, blank=True)
    due_day = models.DateField(null=True, blank=True)
    ending = models.CharField(max_length=16, choices=Ending.choices, blank=True)
    last_seq = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("dossier metric state")
        verbose_name_plural = _("dossier metric states")

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.ending or self.bucket}"


class PortalVerdict(models.Model):
    """The national portal's 766 indicator 2.1 verdict of an ended dossier (`portal766.portal_timing` at the
    moment it ended), written by the event hook when the dossier ends and by `rollups_rebuild`. A closed dossier's
    verdict no longer changes, so a report reads these rows for the dossiers closed in its period and replays
    only the ones still open at its end."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", primary_key=True, on_delete=models.CASCADE, related_name="portal_verdict"
    )
    closed_at = models.DateTimeField(db_index=True)
    ending = models.CharField(max_length=16, choices=Ending.choices)
    received = models.BooleanField(default=False)
    supplement_requests = models.PositiveSmallIntegerField(default=0)
    appointment = models.DateTimeField(null=True, blank=True)
    legal_due = models.DateTimeField(null=True, blank=True)
    legal_outcome = models.CharField(max_length=16, blank=True)
    late_reason = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = _("national portal on-time verdict")
        verbose_name_plural = _("national portal on-time verdicts")

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.late_reason or 'on time'}"


class MonthlyRollup(models.Model):
    """Read-side flows per unit and Vietnamese half month (`month` = its first day: the 1st, or the 15th — the
    first day of the ND 09/2019 art 12 reporting windows, `coarse.part_start`): the sums of `DailyRollup` over
    days 1–14 or 15–end with the channel as columns. Dense and small (units × 24 a year, independent of the number
    of dossiers), so a province-year report — calendar or ND 09 window — reads 24 rows per unit. Maintained by the
    same hook."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month (first day)"))

    received_online = models.IntegerField(_("received online"), default=0)
    received_counter = models.IntegerField(_("received at the counter"), default=0)
    received_post = models.IntegerField(_("received by post"), default=0)
    resolved_early = models.IntegerField(_("resolved early"), default=0)
    resolved_on_time = models.IntegerField(_("resolved on time"), default=0)
    resolved_late = models.IntegerField(_("resolved late"), default=0)
    refused = models.IntegerField(_("refused"), default=0)
    stopped = models.IntegerField(_("stopped"), default=0)
    withdrawn = models.IntegerField(_("withdrawn"), default=0)
    delivered = models.IntegerField(_("delivered"), default=0)
    supplement_requested = models.IntegerField(_("supplement requested"), default=0)
    extended = models.IntegerField(_("extended"), default=0)
    committed_resolved = models.IntegerField(_("resolved under a service commitment"), default=0)
    committed_kept = models.IntegerField(_("service commitment kept"), default=0)

    KEY = ("unit", "month")

    class Meta:
        verbose_name = _("monthly rollup")
        verbose_name_plural = _("monthly rollups")
        constraints = [models.UniqueConstraint(fields=["unit", "month"], name="metrics_monthly_key")]
        indexes = [models.Index(fields=["month", "unit"], name="metrics_monthly_month_unit")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%Y-%m}"


class UnitDayRollup(models.Model):
    """Read-side totals per unit and Vietnamese day, collapsed over procedure and channel (one row per unit-day
    whatever the traffic), so the partial half months at the edges of an arbitrary window and the open-stock
    changes since a checkpoint read at most one row per unit and day (issue 15 item 2). Additive, maintained by
    the same hook, rebuild and bulk writer through one rule (`coarse.unit_day_changes`):

    * flows: every `DailyRollup` counter of the day (`choices.UNIT_FLOWS`, the received split by channel);
    * `in_progress_delta`, `waiting_delta`: the open-stock changes of the day by bucket;
    * the in-progress changes of the day by their due day u, so the overdue count at the end of any day needs no
      due-day scan: `due_before_delta` (u before the day), `due_on_delta` (u the day itself), and
      `falling_due_delta` — keyed by the *due day*: the changes written on an earlier day whose due day is this
      day (no row for `NO_DUE`, never overdue).

    With a checkpoint C and C ≤ T ≤ E (`selectors._window_totals`):
        overdue(E, T) = checkpoint(C).overdue + sum(due_before, C < day ≤ E) + sum(due_on + falling_due, C < day ≤ T)
    """

    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day (Vietnam)"))
    in_progress_delta = models.IntegerField(_("change in progress"), default=0)
    waiting_delta = models.IntegerField(_("change waiting for the applicant"), default=0)
    due_before_delta = models.IntegerField(_("change in progress due before the day"), default=0)
    due_on_delta = models.IntegerField(_("change in progress due on the day"), default=0)
    falling_due_delta = models.IntegerField(_("earlier change in progress falling due on the day"), default=0)

    KEY = ("unit", "day")

    class Meta:
        verbose_name = _("unit daily rollup")
        verbose_name_plural = _("unit daily rollups")
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="metrics_unitday_key")]
        indexes = [models.Index(fields=["day", "unit"], name="metrics_unitday_day_unit")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}"


_CHANNEL_LABELS = {
    "received_online": _("received online"),
    "received_counter": _("received at the counter"),
    "received_post": _("received by post"),
}
for _name in UNIT_FLOWS:
    # One column per daily counter (`choices.COUNTERS` is the one declaration), received split by channel.
    _source = DailyRollup._meta.get_field(_name) if _name not in _CHANNEL_LABELS else None
    assert _source is None or isinstance(_source, models.Field)
    _label = _CHANNEL_LABELS.get(_name) or _source.verbose_name  # type: ignore[union-attr]
    UnitDayRollup.add_to_class(_name, models.IntegerField(_label, default=0))
assert set(_CHANNEL_LABELS) == set(RECEIVED_BY_CHANNEL.values())


class ClosedMonth(models.Model):
    """A half-month end (the 14th or the month end) whose open-stock checkpoints have been written
    (`checkpoints_close`)."""

    month_end = models.DateField(_("last day of the month"), primary_key=True)

    class Meta:
        verbose_name = _("closed month")
        verbose_name_plural = _("closed months")

    def __str__(self) -> str:
        return f"{self.month_end}"


class StockCheckpoint(models.Model):
    """The open stock of a unit at the end of a closed half-month end (the 14th or the month end): in progress, of which overdue
    (due day on or before that day), and waiting for the applicant. Equal to the `OpenStock` sums up to that
    day; kept equal by the event hook (an event dated in or before a closed month adjusts every later
    checkpoint of its unit), so "carried over" and "open at the end" of whole-month periods read one row per
    unit instead of the whole history. A missing row of a closed month means nothing was open."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    month_end = models.DateField(_("last day of the month"))
    in_progress = models.IntegerField(_("in progress"), default=0)
    overdue = models.IntegerField(_("overdue"), default=0)
    waiting = models.IntegerField(_("waiting for the applicant"), default=0)

    KEY = ("unit", "month_end")

    class Meta:
        verbose_name = _("open stock checkpoint")
        verbose_name_plural = _("open stock checkpoints")
        constraints = [models.UniqueConstraint(fields=["unit", "month_end"], name="metrics_checkpoint_key")]
        indexes = [models.Index(fields=["month_end", "unit"], name="metrics_checkpoint_month_unit")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month_end}: {self.in_progress}/{self.overdue}/{self.waiting}"


class Target(models.Model):
    """A yearly target for one indicator (e.g. e-results 100 %, reuse ≥ 50 %, digitised results ≥ 80 %: NQ
    27/NQ-CP 2025, QĐ 766 indicators 4.1–4.3), for one unit or, with no unit, the province-wide default.
    `value` is a share (0–1) for rates, days for the average processing time."""

    year = models.PositiveSmallIntegerField(_("year"))
    indicator = models.CharField(_("indicator"), max_length=40)
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    value = models.DecimalField(_("target"), max_digits=8, decimal_places=4)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["year", "indicator", "unit"], name="metrics_target_key"),
            models.UniqueConstraint(
                fields=["year", "indicator"], condition=models.Q(unit=None), name="metrics_target_default_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.indicator} {self.unit_id or '*'}: {self.value}"


# --- bundled procedures (liên thông, motcua.bundles) -------------------------------------------------------------
# Kept in the same transaction as the bundle's events by `bundle_rollup` (filing, verification, a part's ending) and
# rebuilt from history by `services.rollups_rebuild`; keyed by the bundle's receiving unit (docs/domain/metrics.md
# "Bundled procedures").


class BundleDailyRollup(models.Model):
    """Flows of bundles per receiving unit, bundle group and Vietnamese day: filed (`received`, on the day it was
    filed), finished (every part ended, on the day the last one ended) and, of those, finished within the bundle's
    total limit (QĐ 296/QĐ-VPCP of 12/6/2024: the total limit of a liên thông bundle, `bundles.rules`)."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    definition = models.ForeignKey(
        "bundles.BundleDefinition", verbose_name=_("bundle"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("day (Vietnam)"))
    received = models.IntegerField(_("received"), default=0)
    finished = models.IntegerField(_("finished"), default=0)
    finished_on_time = models.IntegerField(_("finished within the total limit"), default=0)

    KEY = ("unit", "definition", "day")

    class Meta:
        verbose_name = _("bundle daily rollup")
        verbose_name_plural = _("bundle daily rollups")
        constraints = [models.UniqueConstraint(fields=["unit", "definition", "day"], name="metrics_bundle_daily_key")]
        indexes = [models.Index(fields=["day", "unit"], name="metrics_bundle_daily_day_unit")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.definition_id} {self.day}"


class BundleOpenStock(models.Model):
    """Changes of the open bundles: +1 on the day a bundle is filed, −1 on the day its last part ends, at the
    bundle's total due day. A verification (the longer limit from the same clock start) moves the filing day's
    entry to the new due day, so the history and the counter agree (`bundle_rollup.bundle_due_moved`)."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    definition = models.ForeignKey(
        "bundles.BundleDefinition", verbose_name=_("bundle"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("day (Vietnam)"))
    due_day = models.DateField(_("due day (Vietnam)"))
    delta = models.IntegerField(_("change"), default=0)

    KEY = ("unit", "definition", "day", "due_day")

    class Meta:
        verbose_name = _("open bundle change")
        verbose_name_plural = _("open bundle changes")
        constraints = [
            models.UniqueConstraint(fields=["unit", "definition", "day", "due_day"], name="metrics_bundle_stock_key")
        ]
        indexes = [models.Index(fields=["day", "unit"], name="metrics_bundle_stock_day_unit")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.definition_id} {self.day} {self.due_day}: {self.delta:+d}"


class BundleAgencyRollup(models.Model):
    """The time attributed to each agency of the bundles finished on a day (`bundles.selectors.bundle_view`: the
    working time from when the agency could start to its result, less the time the applicant was waited for):
    per receiving unit, bundle group, agency role and agency unit, the parts, their summed working time and
    budgets, and how many went over their budget."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    definition = models.ForeignKey(
        "bundles.BundleDefinition", verbose_name=_("bundle"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(_("agency role"), max_length=24)
    agency = models.ForeignKey("units.Unit", verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day (Vietnam)"))
    parts = models.IntegerField(_("parts"), default=0)
    used_seconds = models.BigIntegerField(_("working time used (seconds)"), default=0)
    budget_seconds = models.BigIntegerField(_("time budget (seconds)"), default=0)
    over_budget = models.IntegerField(_("over budget"), default=0)

    KEY = ("unit", "definition", "role", "agency", "day")

    class Meta:
        verbose_name = _("bundle agency time rollup")
        verbose_name_plural = _("bundle agency time rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "definition", "role", "agency", "day"], name="metrics_bundle_agency_key"
            )
        ]
        indexes = [models.Index(fields=["day", "unit"], name="metrics_bundle_agency_day_unit")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.definition_id}/{self.role}@{self.agency_id} {self.day}"


class BundleMetricState(models.Model):
    """Where a bundle is counted: its filing day and due day (its open-stock entry), how many of its parts have
    ended and the last ending moment; `finished_at` once every part has ended (then the entry is taken back)."""

    bundle = models.OneToOneField(
        "bundles.Bundle", primary_key=True, on_delete=models.CASCADE, related_name="metric_state"
    )
    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    definition = models.ForeignKey("bundles.BundleDefinition", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    due_day = models.DateField()
    parts_total = models.PositiveSmallIntegerField(default=0)
    parts_ended = models.PositiveSmallIntegerField(default=0)
    last_end = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bundle metric state")
        verbose_name_plural = _("bundle metric states")

    def __str__(self) -> str:
        return f"{self.bundle_id}: {self.parts_ended}/{self.parts_total}"
