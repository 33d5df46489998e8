"""Tests of the certificate rules of dawa_licence (addons/dawa_licence/tools/certificates.py
and signing.py): the date in Chinese numerals, the serials of the blank forms and their gaps,
the SHA-256, and the PAdES signature checked by poppler's pdfsig."""

import datetime
import hashlib
import importlib.util
import io
import shutil
import subprocess
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parent.parent / "addons" / "dawa_licence" / "tools"


def _load(name):
    spec = importlib.util.spec_from_file_location(f"dawa_licence_{name}", TOOLS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


certificates = _load("certificates")
signing = _load("signing")


@pytest.mark.parametrize(("day", "text"), [
    (datetime.date(2026, 12, 7), "二〇二六年十二月七日"),
    (datetime.date(2026, 3, 10), "二〇二六年三月十日"),
    (datetime.date(2030, 10, 20), "二〇三〇年十月二十日"),
    (datetime.date(2019, 1, 31), "二〇一九年一月三十一日"),
    (datetime.date(2000, 11, 11), "二〇〇〇年十一月十一日"),
])
def test_chinese_date(day, text):
    assert certificates.chinese_date(day) == text


def test_chinese_date_refuses_a_string():
    with pytest.raises(ValueError):
        certificates.chinese_date("2026-12-07")


def test_form_serial():
    assert certificates.form_serial("J", 17, 7) == "J0000017"
    assert certificates.form_serial("", 123456, 3) == "123456"
    with pytest.raises(ValueError):
        certificates.form_serial("J", -1, 7)
    with pytest.raises(ValueError):
        certificates.form_serial("J", 1, 0)


def test_range_error():
    assert certificates.range_error(1, 160) is None
    assert certificates.range_error(5, 5) is None
    assert certificates.range_error(10, 9) == "order"
    assert certificates.range_error(-1, 9) == "order"
    assert certificates.range_error(1, certificates.MAX_BATCH + 1) == "size"


def test_ranges_and_gaps():
    assert certificates.ranges([5, 1, 2, 3, 7, 3]) == [(1, 3), (5, 5), (7, 7)]
    assert certificates.missing_ranges([(1001, 1100), (1201, 1300)]) == [(1101, 1200)]
    assert certificates.missing_ranges([(1, 10), (5, 20), (22, 30)]) == [(21, 21)]
    assert certificates.missing_ranges([]) == []
    assert certificates.overlaps([(1, 10), (5, 20), (30, 40)]) == [((1, 10), (5, 20))]
    assert certificates.skipped([5, 7], [1, 2, 6, 8, 9]) == [1, 2, 6]
    assert certificates.skipped([], [1, 2]) == []
    assert certificates.format_ranges([(101, 200), (305, 305)], "J", 7) == \
        "J0000101–J0000200, J0000305"


def test_sha256_is_sha256sum():
    assert certificates.sha256_hex(b"abc") == hashlib.sha256(b"abc").hexdigest()


def _minimal_pdf():
    """A one-page PDF written by hand (offsets computed), so that no PDF library is needed."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


@pytest.mark.skipif(not shutil.which("pdfsig"), reason="poppler-utils (pdfsig) not installed")
def test_signature_accepted_by_pdfsig_and_a_change_detected(tmp_path):
    pytest.importorskip("pyhanko")
    cert, key = signing.make_self_signed(str(tmp_path / "c.pem"), str(tmp_path / "k.pem"),
                                         organisation="Test Bureau")
    assert (tmp_path / "k.pem").stat().st_mode & 0o777 == 0o600
    subject, valid_until = signing.certificate_subject(cert)
    assert "O=Test Bureau" in subject
    assert valid_until > datetime.datetime.utcnow()
    pdf = _minimal_pdf()
    signed = signing.sign_pdf(pdf, cert, key, reason="Licence 1", location="Dawa")
    assert signed.startswith(pdf), "an incremental update keeps the original bytes"
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    report = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Signature is Valid" in report
    assert "Total document signed" in report
    forged = signed.replace(b"/MediaBox [0 0 595 842]", b"/MediaBox [0 0 595 843]")
    assert forged != signed
    path.write_bytes(forged)
    report = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Signature is Valid" not in report


def test_sign_refuses_missing_files(tmp_path):
    pytest.importorskip("pyhanko")
    with pytest.raises(ValueError):
        signing.sign_pdf(_minimal_pdf(), str(tmp_path / "none.pem"), str(tmp_path / "k.pem"))


def test_make_self_signed_keeps_existing_files(tmp_path):
    cert, key = signing.make_self_signed(str(tmp_path / "c.pem"), str(tmp_path / "k.pem"))
    before = Path(cert).read_bytes()
    signing.make_self_signed(cert, key)
    assert Path(cert).read_bytes() == before
