"""Two-factor login (allauth.mfa): what Buurtwerk changes about it.

- TOTP secrets and the recovery-code seed are encrypted in the database with
  Fernet (AES-128-CBC + HMAC-SHA256), under a key derived from
  ``BUURTWERK_MFA_KEY`` or, when that is not set, from ``SECRET_KEY`` (then
  ``SECRET_KEY_FALLBACKS`` still decrypt, so the key can be rotated).
- A user whose role requires two-factor login cannot switch it off.
"""

import base64
from functools import lru_cache

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.utils.translation import gettext_lazy as _


def _derive_key(secret):
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"buurtwerk", info=b"allauth.mfa secrets"
    ).derive(secret.encode())
    return base64.urlsafe_b64encode(key)


@lru_cache(maxsize=4)
def _fernet(secrets):
    return MultiFernet([Fernet(_derive_key(secret)) for secret in secrets])


def fernet():
    """The first key encrypts; every key decrypts."""
    if settings.MFA_ENCRYPTION_KEY:
        secrets = (settings.MFA_ENCRYPTION_KEY,)
    else:
        secrets = (settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", ()))
    return _fernet(secrets)


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Your role requires two-factor authentication, so you cannot turn it off. "
            "Lost your phone? Ask an administrator to reset it."
        ),
    }

    def encrypt(self, text):
        return fernet().encrypt(text.encode()).decode("ascii")

    def decrypt(self, encrypted_text):
        return fernet().decrypt(encrypted_text.encode("ascii")).decode()

    def can_delete_authenticator(self, authenticator):
        if authenticator.type != Authenticator.Type.TOTP:
            return True
        return not authenticator.user.mfa_required
