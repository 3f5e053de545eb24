from django import forms
from django.utils.translation import gettext_lazy as _

from .verification import PdfRefused, max_pdf_bytes


class VerifyForm(forms.Form):
    """Either a PDF to check, or the e-result code printed on it (the registered file is checked then)."""

    file = forms.FileField(label=_("Signed PDF file"), required=False)
    code = forms.CharField(label=_("or the e-result code"), max_length=80, required=False)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if upload.size > max_pdf_bytes():
            raise forms.ValidationError(PdfRefused("too_large").message)
        upload.seek(0)
        if not upload.read(5).startswith(b"%PDF-"):
            raise forms.ValidationError(_("Only PDF files can be checked."))
        upload.seek(0)
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("code") or "").strip() and not self.errors:
            raise forms.ValidationError(_("Choose a PDF file or type an e-result code."))
        return data
