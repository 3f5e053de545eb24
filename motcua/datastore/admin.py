from django.contrib import admin

from motcua.accounts.admin.scope import UnitScopedAdminMixin

from .models import DocumentReuse, StoredDocument


@admin.register(StoredDocument)
class StoredDocumentAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    unit_scope = ("source_dossier__receiving_unit", "source_dossier__current_unit", "source_dossier__steps__unit")
    # The citizen whose document it is: no unit's person, so the user admin's rule would refuse the row's own owner
    # on every save. A raw id (no list of accounts); its look-up opens the scoped user list.
    unit_subject_fields = ("owner",)
    list_display = ("title", "kind", "owner", "source_dossier", "valid_until", "created_at")
    list_filter = ("kind",)
    raw_id_fields = ("owner", "source_dossier", "source_document", "required_document")
    readonly_fields = ("sha256", "size", "content_type")


@admin.register(DocumentReuse)
class DocumentReuseAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    unit_scope = ("dossier__receiving_unit", "dossier__current_unit", "dossier__steps__unit")
    list_display = ("dossier", "stored_document", "required_document", "created_at")
    raw_id_fields = ("dossier", "stored_document", "required_document", "document")
