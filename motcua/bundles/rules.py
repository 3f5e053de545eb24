"""The rules of bundled procedures (liên thông thủ tục hành chính), pure: no database, no clock of their own.

Sources and what each rule rests on:

* **Same-level liên thông** — the one-stop unit fixes the order, the lead agency and the time limit of each
  agency, and electronic dossiers go to all of them at once (ND 61/2018/NĐ-CP art 19, as summarised in
  `shared/reference/onestop-rules.md` §2.5 item 5, source Pháp điển). → every component has a role, an order,
  the components it waits for and its own time budget (`plan`), and the budgets must fit in the bundle's total
  limit (`check_definition`).
* **Reception after 15:00** — "tiếp nhận sau 15 giờ thì thời gian được tính bắt đầu từ ngày làm việc tiếp theo",
  applied among others to the electronic liên thông of birth registration, permanent residence and health
  insurance under ND 63/2024/NĐ-CP (`onestop-rules.md` §5, secondary sources TL/2c4ce9ec74331a71,
  TL/cbfa5c772d8f0fb3, TL/2510ba32a0f7103f); ND 61/2018 art 18 for paper transfers. → the bundle's clock starts
  at `WorkingCalendar.clock_start(received_at, cutoff=definition.cutoff)` (the same function as a dossier's).
* **Total limit of the birth group: at most 3 working days, at most 5 when verification is needed** —
  ND 63/2024/NĐ-CP art 7 clause 2: "Thời gian giải quyết nhóm thủ tục hành chính liên thông “Đăng ký khai sinh,
  đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi” không quá 03 ngày làm việc kể từ khi các cơ quan
  có thẩm quyền giải quyết nhận đầy đủ hồ sơ theo quy định, trường hợp phải xác minh thì không quá 05 ngày làm
  việc. Nếu tiếp nhận hồ sơ sau 15 giờ thì thời gian được tính bắt đầu từ ngày làm việc tiếp theo." (the text as
  quoted by thuvienphapluat.vn, hỏi đáp 83A30A8; the decree itself is not in `shared/reference/`). Published with
  QĐ 296/QĐ-VPCP of 12/6/2024. → `NATIONAL_LIMIT_DAYS`, `NATIONAL_VERIFICATION_LIMIT_DAYS`, cut-off 15:00.
* **Per-agency split of the birth group** (migration 0002, kept by 0005): birth registration within the working
  day, then permanent residence and the health-insurance card at most 2 working days each, in parallel — from the
  Ministry of Public Security's guidance as published by Báo Thanh Niên (09/09/2025: "đăng ký thường trú: tối đa
  2 ngày làm việc … cấp thẻ BHYT thì tối đa 2 ngày làm việc"); the decree article carrying these figures was not
  reached. The same guidance gives residence "nếu cần xác minh thì không quá 5 ngày": with verification the bundle's
  due date moves to 5 days (`services.bundle_mark_verification`); the parts' planned dates are not re-planned.
* **Death group: NOT verified.** No published text reachable here gives the total limit or the split of the group
  "đăng ký khai tử, xóa đăng ký thường trú, giải quyết mai táng phí, tử tuất" (ND 63/2024, its second section). It
  is held to the same 3/5 days as configuration from issue 21, to be confirmed by the domain expert (its stored
  legal basis says so).
* **Paper-era bundles** (TTLT 05/2015/TTLT-BTP-BCA-BYT; national catalogue records 2.000986, at most 20 working
  days, and 2.001023, at most 15) ship inactive in migration 0005 as non-national definitions: the 3/5-day cap is
  the ND 63 electronic groups' (`is_national`), not theirs.
* **Children under 6** — the first group is for children under six years of age (stored record 2.000986,
  its name). → `subject_age_error`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

# ND 63/2024/NĐ-CP art 7 clause 2 (birth group): "không quá 03 ngày làm việc …, trường hợp phải xác minh thì không
# quá 05 ngày làm việc". The death group is held to the same figures without a verified text (module docstring).
NATIONAL_LIMIT_DAYS = Decimal(3)
NATIONAL_VERIFICATION_LIMIT_DAYS = Decimal(5)


@dataclass(frozen=True)
class ComponentSpec:
    """What the planning needs of one component: its order, its budget in working days, what it waits for."""

    order: int
    budget_days: Decimal
    depends_on: tuple[int, ...] = ()


def _topological(components: Sequence[ComponentSpec]) -> list[ComponentSpec]:
    """The components in an order where every component comes after those it waits for; ValueError on a cycle or
    on a dependency that is not part of the bundle."""
    by_order = {c.order: c for c in components}
    for c in components:
        for d in c.depends_on:
            if d not in by_order:
                raise ValueError(
                    _("Component %(order)s waits for a component that is not in the bundle.") % {"order": c.order}
                )
    done: list[ComponentSpec] = []
    placed: set[int] = set()
    pending = sorted(components, key=lambda c: c.order)
    while pending:
        ready = [c for c in pending if set(c.depends_on) <= placed]
        if not ready:
            raise ValueError(_("The components wait for each other in a circle."))
        for c in ready:
            done.append(c)
            placed.add(c.order)
        pending = [c for c in pending if c.order not in placed]
    return done


def offsets(components: Sequence[ComponentSpec]) -> dict[int, tuple[Decimal, Decimal]]:
    """Planned (start, end) of each component in working days from the bundle's clock start: a component starts
    when the last one it waits for ends (ND 61/2018 art 19: the order fixed by the one-stop unit); components
    that wait for nothing start at once (electronic dossiers go to all agencies at once)."""
    plan: dict[int, tuple[Decimal, Decimal]] = {}
    for c in _topological(components):
        begin = max((plan[d][1] for d in c.depends_on), default=Decimal(0))
        plan[c.order] = (begin, begin + c.budget_days)
    return plan


def critical_path_days(components: Sequence[ComponentSpec]) -> Decimal:
    """Working days from the clock start to the end of the last component (0 for an empty bundle)."""
    return max((end for _begin, end in offsets(components).values()), default=Decimal(0))


def check_definition(
    *, total: Decimal, verification: Decimal, is_national: bool, components: Sequence[ComponentSpec]
) -> list[str]:
    """Every reason a bundle definition cannot be used, in Vietnamese (empty: usable).

    * at least two components (a bundle links procedures of different agencies);
    * the verification limit is not shorter than the total limit;
    * a national group stays within `NATIONAL_LIMIT_DAYS` / `NATIONAL_VERIFICATION_LIMIT_DAYS` (ND 63/2024 art 7
      clause 2 for the birth group; the death group's figures are not verified, module docstring);
    * the planned components fit in the total limit (ND 61/2018 art 19: per-agency limits inside the whole).
    """
    errors: list[str] = []
    if len(components) < 2:
        errors.append(_("A bundle needs at least two procedures."))
    if verification < total:
        errors.append(_("The limit with verification cannot be shorter than the total limit."))
    if is_national and total > NATIONAL_LIMIT_DAYS:
        errors.append(
            _("A national bundle must be resolved within %(days)s working days.") % {"days": NATIONAL_LIMIT_DAYS}
        )
    if is_national and verification > NATIONAL_VERIFICATION_LIMIT_DAYS:
        errors.append(
            _("With verification, a national bundle must be resolved within %(days)s working days.")
            % {"days": NATIONAL_VERIFICATION_LIMIT_DAYS}
        )
    try:
        path = critical_path_days(components)
    except ValueError as error:
        errors.append(str(error))
    else:
        if path > total:
            errors.append(
                _("The agencies' time budgets add up to %(path)s working days, more than the total limit of %(total)s.")
                % {"path": _days(path), "total": _days(total)}
            )
    return errors


def _days(value: Decimal) -> str:
    return f"{value.normalize():f}"


def subject_age_error(*, born: dt.date | None, today: dt.date, max_age_years: int | None) -> str:
    """Why the person concerned cannot be registered in this bundle, or "" (the first national group is for
    children under 6: ND 63/2024 art 7 clause 2, the group's name; stored catalogue record 2.000986)."""
    if born is None:
        return _("Enter the date.")
    if born > today:
        return _("The date cannot be in the future.")
    if max_age_years is not None:
        try:
            birthday = born.replace(year=born.year + max_age_years)
        except ValueError:  # born on 29 February
            birthday = born.replace(year=born.year + max_age_years, day=28)
        if birthday <= today:
            return _("This bundle is only for a child under %(years)s years of age.") % {"years": max_age_years}
    return ""
