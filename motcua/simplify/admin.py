from django.contrib import admin

from motcua.accounts.admin.scope import UnitScopedAdminMixin

from .models import Decision, Proposal, Review


class ProposalInline(admin.TabularInline):
    model = Proposal
    extra = 0


@admin.register(Review)
class ReviewAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    unit_scope = "unit"
    list_display = ("procedure", "unit", "year", "reviewed_on")
    list_filter = ("year",)
    raw_id_fields = ("procedure", "unit", "created_by")
    inlines = [ProposalInline]


@admin.register(Decision)
class DecisionAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    unit_scope = "review__unit"
    list_display = ("number", "signed_on", "issuer", "review")
    raw_id_fields = ("review", "resulting_procedure", "recorded_by")
