from django.contrib import admin

from .models import Decision, Proposal, Review


class ProposalInline(admin.TabularInline):
    model = Proposal
    extra = 0


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("procedure", "unit", "year", "reviewed_on")
    list_filter = ("year",)
    raw_id_fields = ("procedure", "unit", "created_by")
    inlines = [ProposalInline]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("number", "signed_on", "issuer", "review")
    raw_id_fields = ("review", "resulting_procedure", "recorded_by")
