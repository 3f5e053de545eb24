"""One rule for the Django admin: staff who are not superusers see and change only rows of their own units
(issue 21, non-negotiable 6 "every read is scoped to what the actor may see").

An actor's units are the units where they hold an active membership (`selectors.officer_unit_ids`, the same
read every officer page and service uses); a superuser sees everything. `UnitScopedAdminMixin` applies the rule
in the four places the admin reads or writes rows:

- the change list and every object URL (`get_queryset`): a row of another unit is not listed, and its change,
  delete and history URLs answer 404 — the same answer as an id that does not exist, so walking ids tells
  nothing;
- object permissions (`has_view/change/delete_permission(request, obj)`): False outside the actor's units, so a
  bulk action or a custom view asking the admin cannot act on such a row either;
- foreign-key and many-to-many choices (`formfield_for_foreignkey`, `formfield_for_manytomany`): a field
  pointing at `units.Unit` offers the actor's units only; a field pointing at a model whose admin is itself unit
  scoped offers the rows that admin shows the actor (`scope_rows`: a user field, the accounts of the actor's
  units). For non-superusers a field pointing at a unit is a
  plain select: its autocomplete and raw-id widgets would look units up through the unit tree's admin, outside
  this rule (a raw-id or autocomplete field pointing at a scoped admin keeps its widget: its look-ups go through
  that admin's scoped list). The form field's queryset is what Django validates against, so a posted id of
  another unit is refused whatever the widget.

A model admin declares how its rows reach a unit in `unit_scope`, lookups ORed ("centre", "review__unit",
("receiving_unit", "current_unit")), and in `unit_subject_fields` the fields whose choices stay open because they
name what a row is about rather than its owner (a reform task's lead unit, the unit inspected, the citizen owning a
stored document, a contest's judges). A field pointing at a model with no scoped admin of its own (a survey's
elements) names in `unit_scope_choices` how that model's rows reach a unit; any other such field offers every row,
which is right only for reference data (the catalogue, the frameworks): `security/tests/test_admin_choices.py` walks
every admin's forms and filters and fails on a choice outside the actor's units that is not written down there.
The mixin works for inlines too (same hooks). Superusers are unchanged.

Two more declarations, for rows that belong to another scoped row rather than to a unit:

- `unit_scope_through` ({field: model}): a row is also in scope when `field` holds the id of a row of `model` that
  `model`'s own scoped admin shows the actor — an SSO identity through its user, a text message through the
  dossier it was sent for (a plain id column, not a foreign key). The other admin's rule is read, not repeated; a
  model without a scoped admin opens nothing (fail closed).
- `unit_scope_exclude` (a Q): rows a non-superuser never sees, even of their units — the user admin's citizen
  accounts (not unit-owned; personal data, Decree 13/2023/NĐ-CP) and superuser accounts (whose password a unit's
  staff must not be able to set).

`scope_rows` applies the whole rule of one admin to a queryset; the list, the object permissions and the choices
of every field pointing at that model all read it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.apps import apps
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest

from ..models import Membership
from ..selectors import officer_unit_ids

_CACHE_ATTRIBUTE = "_motcua_admin_unit_ids"


def _unit_model() -> type[Model]:
    model = Membership._meta.get_field("unit").related_model  # accounts sits beside units, not above it
    assert isinstance(model, type)
    return model


def admin_unit_ids(request: HttpRequest) -> set[int] | None:
    """The unit ids the admin user of `request` may see, or None for everything (an active superuser).
    Read once per request."""
    user = request.user
    if user.is_active and user.is_superuser:
        return None
    cached = getattr(request, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = officer_unit_ids(officer=user) if user.is_authenticated else set()  # type: ignore[arg-type]
        setattr(request, _CACHE_ATTRIBUTE, cached)
    return cached


def scope_queryset(queryset: QuerySet[Any], lookups: tuple[str, ...], unit_ids: set[int] | None) -> QuerySet[Any]:
    """`queryset` limited to rows that reach one of `unit_ids` through one of `lookups` (None: unchanged).

    A lookup across a to-many relation would repeat rows, so any lookup with a join goes through a pk subquery."""
    if unit_ids is None:
        return queryset
    if not lookups:
        return queryset.none()
    condition = Q()
    for lookup in lookups:
        condition |= Q(**{f"{lookup}__in": unit_ids})
    if any("__" in lookup for lookup in lookups):
        return queryset.filter(pk__in=queryset.model._default_manager.filter(condition).values("pk"))
    return queryset.filter(condition)


class UnitScopedAdminMixin:
    """Put before `admin.ModelAdmin` (or an inline) and set `unit_scope`. See the module docstring."""

    unit_scope: str | tuple[str, ...] = ()
    # Fields that name what a row is *about*, not who owns it (the unit a task is given to, the unit inspected, the
    # citizen owning a document): their choices stay open, so a managing department can still assign another unit.
    unit_subject_fields: tuple[str, ...] = ()
    # {field: model or "app_label.Model"}: a row is also in scope when `field` holds the id of a row that model's
    # scoped admin shows.
    unit_scope_through: dict[str, type[Model] | str] = {}
    # Rows a non-superuser never sees, even of their own units.
    unit_scope_exclude: Q | None = None
    # {field: lookups from the related model to a unit}: the choices of a field pointing at a model that has no
    # scoped admin of its own (a survey's elements, edited inline in the survey), ORed like `unit_scope`.
    unit_scope_choices: dict[str, str | tuple[str, ...]] = {}

    # -- the rule ---------------------------------------------------------------------------------------------

    @classmethod
    def unit_lookups(cls) -> tuple[str, ...]:
        return (cls.unit_scope,) if isinstance(cls.unit_scope, str) else tuple(cls.unit_scope)

    def _scoped_admin(self, model: type[Model]) -> UnitScopedAdminMixin | None:
        """The admin of `model` on this admin's site, if it is unit scoped."""
        site = getattr(self, "admin_site", None)
        related_admin = site._registry.get(model) if site is not None else None
        return related_admin if isinstance(related_admin, UnitScopedAdminMixin) else None

    def scope_rows(self, queryset: QuerySet[Any], unit_ids: set[int] | None) -> QuerySet[Any]:
        """The rows of `queryset` this admin shows an actor whose units are `unit_ids` (None: every row)."""
        if unit_ids is None:
            return queryset
        scoped = scope_queryset(queryset, self.unit_lookups(), unit_ids)
        for field, named in self.unit_scope_through.items():
            model = apps.get_model(named) if isinstance(named, str) else named
            related_admin = self._scoped_admin(model)
            if related_admin is None:
                continue
            rows = related_admin.scope_rows(model._default_manager.all(), unit_ids)
            scoped = scoped | queryset.filter(**{f"{field}__in": rows.values("pk")})
        if self.unit_scope_exclude is not None:
            scoped = scoped.exclude(self.unit_scope_exclude)
        return scoped

    def _related_scope(self, db_field: Any) -> Callable[[QuerySet[Any], set[int]], QuerySet[Any]] | None:
        """How the choices of `db_field` are scoped, if they are: to the actor's units, or by a scoped admin's rule
        (None: open choices)."""
        if db_field.name in self.unit_subject_fields:
            return None
        if db_field.name in self.unit_scope_choices:
            named = self.unit_scope_choices[db_field.name]
            lookups = (named,) if isinstance(named, str) else tuple(named)
            return lambda queryset, unit_ids: scope_queryset(queryset, lookups, unit_ids)
        model = db_field.related_model
        if model is _unit_model():
            return lambda queryset, unit_ids: scope_queryset(queryset, ("pk",), unit_ids)
        related_admin = self._scoped_admin(model)
        return related_admin.scope_rows if related_admin is not None else None

    def in_unit_scope(self, request: HttpRequest, obj: Model | None) -> bool:
        """Whether `obj` is among the rows this admin shows the actor (its `get_queryset`, narrowed further by a
        subclass if it narrows: the object permissions never say more than the list)."""
        if obj is None or obj.pk is None or admin_unit_ids(request) is None:
            return True
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    # -- reads ------------------------------------------------------------------------------------------------

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)  # type: ignore[misc]
        return self.scope_rows(queryset, admin_unit_ids(request))

    def _get_obj_does_not_exist_redirect(self, request: HttpRequest, opts: Any, object_id: str) -> Any:
        # Django redirects to the admin index saying the id does not exist; a plain 404 says the same for a row of
        # another unit and for an id that was never used, and keeps the walker off the index page.
        raise Http404

    # -- object permissions -----------------------------------------------------------------------------------

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_view_permission(request, obj) and self.in_unit_scope(request, obj)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_change_permission(request, obj) and self.in_unit_scope(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_delete_permission(request, obj) and self.in_unit_scope(request, obj)  # type: ignore[misc]

    # -- choices ----------------------------------------------------------------------------------------------

    def _choices(self, db_field: Any, request: HttpRequest, kwargs: dict[str, Any]) -> QuerySet[Any]:
        if kwargs.get("queryset") is not None:
            return kwargs["queryset"]
        ordered = self.get_field_queryset(kwargs.get("using"), db_field, request)  # type: ignore[attr-defined]
        return ordered if ordered is not None else db_field.related_model._default_manager.all()

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        unit_ids = admin_unit_ids(request)
        scope = self._related_scope(db_field)
        if unit_ids is not None and scope is not None:
            kwargs["queryset"] = scope(self._choices(db_field, request, kwargs), unit_ids)
            if db_field.related_model is _unit_model():  # the unit tree's own admin (its lookups) is not scoped
                kwargs.setdefault("widget", forms.Select)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        unit_ids = admin_unit_ids(request)
        scope = self._related_scope(db_field)
        if unit_ids is not None and scope is not None:
            kwargs["queryset"] = scope(self._choices(db_field, request, kwargs), unit_ids)
            names = {*self.get_autocomplete_fields(request), *self.raw_id_fields}  # type: ignore[attr-defined]
            if db_field.related_model is _unit_model() and db_field.name in names:
                kwargs.setdefault("widget", forms.SelectMultiple)
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]
