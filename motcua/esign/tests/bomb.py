"""A hostile PDF for the sandbox tests and `bench/pdf_bomb.py` (no Django imports)."""

import io
import zlib


def flate_bomb(entries: int) -> bytes:
    """A PDF whose only cross-reference section is a Flate stream of `entries` rows of zeros (`/W [1 4 2]`):
    the attack of issue 18 (3,000,000 rows = a 20 KB file that inflates to 21 MB of rows)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    out.write(b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
    out.write(b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n")
    rows = zlib.compress(b"\x00" * (7 * entries), 9)
    start = out.tell()
    out.write(b"3 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Filter /FlateDecode " % entries)
    out.write(b"/Length %d >>\nstream\n%s\nendstream\nendobj\n" % (len(rows), rows))
    out.write(b"startxref\n%d\n%%%%EOF\n" % start)
    return out.getvalue()
