"""The PAdES signature of the electronic licences (no Odoo): sign a PDF with the bureau's
certificate and private key (PEM files named in Odoo's configuration file, never stored in
the database), and make a self-signed pair for a demonstration or a test.

pyHanko writes a PAdES baseline signature (ETSI.CAdES.detached, SHA-256) into the PDF: any
change to the file after signing is detected by every PDF reader (电子签名法 §13). It signs
with RSA or ECDSA keys; an SM2 signature and a GB/T 38540 electronic seal need another signer
(docs/law.md, electronic seal). Run as a script it makes a self-signed pair::

    python3 signing.py CERT.pem KEY.pem ["organisation name"]
"""

import datetime
import io
import os
import sys

DEMO_ORGANISATION = "盘锦市大洼区行政审批局"
DEMO_DAYS = 3650


def sign_pdf(pdf, cert_path, key_path, passphrase=None, reason=None, location=None,
             field_name="DawaLicenceSignature"):
    """``pdf`` (bytes) signed with the certificate and key of the PEM files: a PAdES
    signature in a new invisible signature field, written as an incremental update (the
    signed file starts with the bytes of ``pdf``). Raises ``ValueError`` when the files
    cannot be read as a certificate and its key."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    for path in (cert_path, key_path):
        if not path or not os.path.isfile(path):
            raise ValueError(f"no file {path!r}")
    signer = signers.SimpleSigner.load(
        key_path, cert_path,
        key_passphrase=passphrase.encode("utf-8") if passphrase else None)
    if signer is None:
        raise ValueError("the certificate or the key cannot be read (or the passphrase is wrong)")
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name, md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES, reason=reason, location=location)
    return signers.sign_pdf(writer, metadata, signer=signer).getvalue()


def certificate_subject(cert_path):
    """The certificate's subject as a reader shows it (``CN=…,O=…,C=CN``) and its last day
    of validity (a ``datetime``, UTC)."""
    from cryptography import x509

    with open(cert_path, "rb") as handle:
        certificate = x509.load_pem_x509_certificate(handle.read())
    return certificate.subject.rfc4514_string(), certificate.not_valid_after


def make_self_signed(cert_path, key_path, organisation=DEMO_ORGANISATION, days=DEMO_DAYS):
    """Write a self-signed certificate and its RSA key (PEM, the key without passphrase and
    mode 0600) for a demonstration or a test: a signature made with it is valid, but no
    reader trusts its issuer. Existing files are left alone. Returns the two paths."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    if os.path.exists(cert_path) and os.path.exists(key_path):
        return cert_path, key_path
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        x509.NameAttribute(NameOID.COMMON_NAME, f"{organisation} 电子证照签名（演示）"),
    ])
    now = datetime.datetime.utcnow().replace(microsecond=0)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=False,
            crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    for path in (cert_path, key_path):
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))
    with open(cert_path, "wb") as handle:
        handle.write(certificate.public_bytes(serialization.Encoding.PEM))
    return cert_path, key_path


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: signing.py CERT.pem KEY.pem [organisation]")
    make_self_signed(*sys.argv[1:])
