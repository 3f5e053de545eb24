from django.contrib import admin

from .models import DocumentReuse, StoredDocument


@admin.register(StoredDocument)
class StoredDocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "owner", "source_dossier", "valid_until", "created_at")
    list_filter = ("kind",)
    raw_id_fields = ("owner", "source_dossier", "source_document", "required_document")
    readonly_fields = ("sha256", "size", "content_type")


@admin.register(DocumentReuse)
class DocumentReuseAdmin(admin.ModelAdmin):
    list_display = ("dossier", "stored_document", "required_document", "created_at")
    raw_id_fields = ("dossier", "stored_document", "required_document", "document")
