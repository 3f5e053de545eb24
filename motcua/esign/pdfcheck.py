"""The signature check of an untrusted PDF, run in a child process under hard limits (`python -m
motcua.esign.pdfcheck`), so that a hostile file costs a bounded amount of one process, never a web worker.

Why: a PDF whose cross-reference stream is a small Flate bomb (20 KB of zeros that inflate to 21 MB of
cross-reference rows) held a worker 18.9 s and 700 MB in the validator (issue 18). Three layers bound it:

1. pyHanko's own decoding limits (`DecodeLimits`, pyHanko ≥ 0.38), tightened here: a cross-reference stream
   inflates to at most `xref_bytes` (1 MiB ≈ 150,000 objects), an object stream to 8 MiB, any stream to
   32 MiB, the whole document to 64 MiB or 20× its size. The bomb stops at the first inflated MiB (≈10 ms).
2. The kernel's limits on this process (`resource.setrlimit`, set before pyHanko is imported): address space
   (`RLIMIT_AS`), CPU seconds (`RLIMIT_CPU`), no file writes (`RLIMIT_FSIZE` 0), no core dump, `nice` 10.
3. The parent's wall-clock timeout (`subprocess.run(timeout=...)`) kills it when it sleeps or stalls.

Protocol: argv[1] is a JSON object of limits; stdin is one JSON line `{"roots": [base64 DER, ...]}` followed by
the PDF bytes; stdout is one JSON object: the verification facts, or `{"refused": <reason>}`. Nothing here
imports Django: the child does not read settings, the database or the cache.
"""

from __future__ import annotations

import json
import os
import resource
import sys

MIB = 1024 * 1024
DEFAULT_LIMITS = {
    "memory_bytes": 512 * MIB,  # address space of the child (Python + pyHanko use ~70 MB)
    "cpu_seconds": 4,
    "wall_seconds": 10,  # enforced by the parent
    "xref_bytes": 1 * MIB,
    "object_stream_bytes": 8 * MIB,
    "stream_bytes": 32 * MIB,
    "document_bytes": 64 * MIB,
}
EXIT_REFUSED = 3


def apply_process_limits(limits: dict) -> None:
    """Kernel limits of this process: memory, CPU time, no files written, no core dumps."""
    memory = int(limits["memory_bytes"])
    cpu = int(limits["cpu_seconds"])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))  # SIGXCPU at the soft limit, SIGKILL one second on
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.nice(10)  # the web workers (and /healthz) keep the CPU when a check competes with them


def decode_limits(limits: dict):
    """pyHanko's decoding limits for untrusted input, tightened to what a signed e-result needs."""
    from pyhanko.pdf_utils.decode_limits import (
        DEFAULT_PURPOSE_LIMITS,
        DecodeLimits,
        DecodePurpose,
        DocumentDecodeBudget,
        StreamDecodeLimits,
    )

    return DecodeLimits(
        per_stream=StreamDecodeLimits(max_output_size=int(limits["stream_bytes"])),
        per_purpose={
            **DEFAULT_PURPOSE_LIMITS,
            DecodePurpose.XREF_STREAM: StreamDecodeLimits(max_output_size=int(limits["xref_bytes"])),
            DecodePurpose.OBJECT_STREAM: StreamDecodeLimits(
                max_ratio=100, ratio_floor=MIB, max_output_size=int(limits["object_stream_bytes"])
            ),
        },
        document_budget=DocumentDecodeBudget(base_allowance=int(limits["document_bytes"]), max_ratio=20),
    )


def check(data: bytes, *, roots_der: list[bytes], limits: dict, moment: str | None = None) -> dict:
    """Validate the last signature of `data` (ND 45/2020 art 14(4)); returns facts, or `{"refused": reason}`
    when the file exceeds a decoding limit. Damage to the file is a verdict, never an exception."""
    import io

    from asn1crypto import x509
    from pyhanko.pdf_utils.misc import PdfDecodeLimitError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False, decode_limits=decode_limits(limits))
        signatures = reader.embedded_signatures
    except PdfDecodeLimitError:
        return {"refused": "decode_limit"}
    except MemoryError:
        raise
    except Exception:  # any damage: the verdict says unreadable
        return {"verdict": "unreadable"}
    if not signatures:
        return {"verdict": "unsigned"}
    roots = [x509.Certificate.load(der) for der in roots_der]
    import datetime as dt

    at = dt.datetime.fromisoformat(moment) if moment else None  # the caller's "now" (verification._run_sandbox)
    context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail", moment=at)
    key_usage = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False)
    try:
        status = validate_pdf_signature(signatures[-1], context, key_usage_settings=key_usage)
    except PdfDecodeLimitError:
        return {"refused": "decode_limit"}
    except MemoryError:
        raise
    except Exception:
        return {"verdict": "invalid"}
    subject = status.signing_cert.subject.native if status.signing_cert else {}
    whole = status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
    if not status.intact:
        verdict = "modified"
    elif not status.valid:
        verdict = "invalid"
    elif not whole:
        verdict = "modified"  # content appended after signing
    elif not status.trusted:
        verdict = "untrusted"
    else:
        verdict = "valid"
    signed_at = status.signer_reported_dt
    return {
        "verdict": verdict,
        "signer": subject.get("common_name", "") or "",
        "signed_at": signed_at.isoformat() if signed_at else None,
        "intact": bool(status.intact),
        "valid": bool(status.valid),
        "trusted": bool(status.trusted),
        "covers_whole_file": whole,
    }


def main() -> int:
    limits = {**DEFAULT_LIMITS, **json.loads(sys.argv[1] if len(sys.argv) > 1 else "{}")}
    apply_process_limits(limits)  # before pyHanko is imported: the imports count too
    import base64

    try:
        header = json.loads(sys.stdin.buffer.readline())
        data = sys.stdin.buffer.read()
        roots_der = [base64.b64decode(item) for item in header.get("roots", [])]
        result = check(data, roots_der=roots_der, limits=limits, moment=header.get("moment"))
    except MemoryError:
        result = {"refused": "memory"}
    sys.stdout.write(json.dumps(result))
    sys.stdout.flush()
    return EXIT_REFUSED if "refused" in result else 0


if __name__ == "__main__":
    sys.exit(main())
