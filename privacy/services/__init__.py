"""Writes of the privacy app: erasure by anonymisation and the retention job."""

from privacy.services.anonymise import ANONYMISED_NAME, resident_anonymise

__all__ = ["ANONYMISED_NAME", "resident_anonymise"]
