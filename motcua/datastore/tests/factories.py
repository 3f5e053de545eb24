"""A stored document with a real file in the test storage (as if collected from an earlier e-result)."""

from __future__ import annotations

import hashlib

import factory
from django.core.files.base import ContentFile

from motcua.datastore.choices import StoredKind
from motcua.datastore.models import StoredDocument

PDF = b"%PDF-1.4\n% stored\n"


class StoredDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StoredDocument

    kind = StoredKind.RESULT
    title = factory.Sequence(lambda n: f"Trích lục khai sinh {n}")
    file = factory.LazyFunction(lambda: ContentFile(PDF, name="stored.pdf"))
    content_type = "application/pdf"
    size = len(PDF)
    sha256 = hashlib.sha256(PDF).hexdigest()
