"""Validates the seals in a PDF with pyHanko, an independent PAdES validator.

Usage: seal_check.py <file.pdf> <trusted-root.pem>
Prints one JSON object per signature: whether the signature is intact and trusted,
what it covers, its time stamp's state and time, and who signed.
"""
import json
import sys

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

pdf_path, root_path = sys.argv[1], sys.argv[2]
root = load_cert_from_pemder(root_path)

with open(pdf_path, "rb") as f:
    try:
        reader = PdfFileReader(f, strict=False)
        signatures = reader.embedded_signatures
    except Exception as error:  # not a readable PDF: nothing is valid
        print(json.dumps({"error": f"{type(error).__name__}: {error}", "bottom_line": False}))
        sys.exit(0)
    if not signatures:
        print(json.dumps({"signatures": 0}))
    for signature in signatures:
        context = ValidationContext(trust_roots=[root], allow_fetching=False)
        try:
            status = validate_pdf_signature(
                signature, signer_validation_context=context, ts_validation_context=context
            )
        except Exception as error:  # a broken structure is a failed validation
            print(json.dumps({"error": f"{type(error).__name__}: {error}", "bottom_line": False}))
            continue
        stamp = status.timestamp_validity
        print(
            json.dumps(
                {
                    "field": signature.field_name,
                    "sub_filter": str(signature.sig_object.get("/SubFilter")),
                    "intact": status.intact,
                    "valid": status.valid,
                    "trusted": status.trusted,
                    "bottom_line": status.bottom_line,
                    "coverage": status.coverage.name if status.coverage else None,
                    "summary": status.summary(),
                    "signer": status.signing_cert.subject.human_friendly,
                    "signer_serial": format(status.signing_cert.serial_number, "x"),
                    "timestamp": None
                    if stamp is None
                    else {
                        "intact": stamp.intact,
                        "valid": stamp.valid,
                        "trusted": stamp.trusted,
                        "time": stamp.timestamp.isoformat(),
                    },
                }
            )
        )
