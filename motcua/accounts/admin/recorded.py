"""Fields that record who did something (a review's author, the officer who recorded a decision) are the
system's to fill, not the admin user's to choose.

`RecordedByAdminMixin` makes the fields named in `recorded_by_fields` read-only for everyone (a superuser sees them
too, read-only) and, on an add, sets them to the acting user; `recorded_at_fields` (the matching moments) are set
to the time of the save. A change leaves them as they are. Such a field is never a form field, so a forged value
posted with the form is ignored, and the form never offers a list of accounts to choose from — which would, for
staff who are not superusers, be the accounts of their units only (`scope.UnitScopedAdminMixin`) and so refuse
the row's own author once that person has left the unit.

The person is shown by name as plain text (`<field>_recorded`), not as Django's link to their account's admin page:
that page answers 404 to staff outside the person's units (`scope.UnitScopedAdminMixin` on the user admin), and a
link that leads nowhere is worse than none.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone


class RecordedByAdminMixin:
    """Put before `admin.ModelAdmin` (with `UnitScopedAdminMixin`, in either order). See the module docstring."""

    recorded_by_fields: tuple[str, ...] = ()
    recorded_at_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.recorded_by_fields:
            setattr(self, f"{name}_recorded", self._shown_by_name(name))

    def _shown_by_name(self, name: str) -> Any:
        field = self.model._meta.get_field(name)  # type: ignore[attr-defined]

        def shown(obj: Model | None) -> str:
            if obj is None or getattr(obj, field.attname) is None:  # type: ignore[union-attr]
                return self.get_empty_value_display()  # type: ignore[attr-defined]
            return str(getattr(obj, name))

        shown.short_description = field.verbose_name  # type: ignore[attr-defined]
        return shown

    def get_exclude(self, request: HttpRequest, obj: Model | None = None) -> Sequence[str]:
        excluded = tuple(super().get_exclude(request, obj) or ())  # type: ignore[misc]
        return (*excluded, *(name for name in self.recorded_by_fields if name not in excluded))

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> Sequence[str]:
        fields = tuple(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        recorded = (*(f"{name}_recorded" for name in self.recorded_by_fields), *self.recorded_at_fields)
        return (*fields, *(name for name in recorded if name not in fields))

    def get_form(self, request: HttpRequest, obj: Model | None = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)  # type: ignore[misc]
        if obj is not None or not self.recorded_by_fields:
            return form
        actor, names = request.user, self.recorded_by_fields

        def __init__(self: Any, *args: Any, **form_kwargs: Any) -> None:
            form.__init__(self, *args, **form_kwargs)
            for name in names:  # the add page shows who will be recorded
                setattr(self.instance, name, actor)

        return type(form.__name__, (form,), {"__init__": __init__})

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        if not change:
            for name in self.recorded_by_fields:
                setattr(obj, name, request.user)
            now = timezone.now()
            for name in self.recorded_at_fields:
                setattr(obj, name, now)
        super().save_model(request, obj, form, change)  # type: ignore[misc]
