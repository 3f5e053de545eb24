from django.contrib import admin

from motcua.accounts.admin.recorded import RecordedByAdminMixin
from motcua.accounts.admin.scope import UnitScopedAdminMixin

from .models import Decision, Proposal, Review


class ProposalInline(admin.TabularInline):
    model = Proposal
    extra = 0


@admin.register(Review)
class ReviewAdmin(RecordedByAdminMixin, UnitScopedAdminMixin, admin.ModelAdmin):
    unit_scope = "unit"
    recorded_by_fields = ("created_by",)  # who made the row and when: the system's, not a choice
    recorded_at_fields = ("created_at",)
    list_display = ("procedure", "unit", "year", "reviewed_on")
    list_filter = ("year",)
    raw_id_fields = ("procedure", "unit")
    inlines = [ProposalInline]


@admin.register(Decision)
class DecisionAdmin(RecordedByAdminMixin, UnitScopedAdminMixin, admin.ModelAdmin):
    unit_scope = "review__unit"
    recorded_by_fields = ("recorded_by",)
    list_display = ("number", "signed_on", "issuer", "review")
    raw_id_fields = ("review", "resulting_procedure")
