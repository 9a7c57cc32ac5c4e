"""CBS region codes and Dutch postcodes: patterns, normalisation, consistency."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

MUNICIPALITY_CODE_RE = r"^GM[0-9]{4}$"
DISTRICT_CODE_RE = r"^WK[0-9]{6}$"
NEIGHBOURHOOD_CODE_RE = r"^BU[0-9]{8}$"
# PostNL never hands out the letter pairs SA, SD and SS. The same pattern is
# the database's check constraint (PostgreSQL regexes support lookahead).
UNUSED_POSTCODE_LETTERS = {"SA", "SD", "SS"}
POSTCODE_RE = r"^[1-9][0-9]{3} (?!SA|SD|SS)[A-Z]{2}$"

validate_municipality_code = RegexValidator(
    MUNICIPALITY_CODE_RE,
    _("Enter a CBS municipality code: GM followed by 4 digits, e.g. GM0363."),
    code="invalid_cbs_code",
)
validate_district_code = RegexValidator(
    DISTRICT_CODE_RE,
    _("Enter a CBS district code: WK followed by 6 digits, e.g. WK036300."),
    code="invalid_cbs_code",
)
validate_neighbourhood_code = RegexValidator(
    NEIGHBOURHOOD_CODE_RE,
    _("Enter a CBS neighbourhood code: BU followed by 8 digits, e.g. BU03630000."),
    code="invalid_cbs_code",
)


def normalise_postcode(value):
    """``'1234ab'``, ``' 1234 ab '`` → ``'1234 AB'``; anything else unchanged
    (validation then rejects it)."""
    if not isinstance(value, str):
        return value
    compact = re.sub(r"\s+", "", value).upper()
    if re.fullmatch(r"[0-9]{4}[A-Z]{2}", compact):
        return f"{compact[:4]} {compact[4:]}"
    return value.strip()


def validate_postcode(value):
    if not re.fullmatch(POSTCODE_RE, value or ""):
        raise ValidationError(
            _("%(value)s is not a Dutch postcode; write it as 1234 AB."),
            code="invalid_postcode",
            params={"value": value},
        )


def postcode_from_form(value):
    """A postcode typed into a form, normalised (``1234ab`` → ``1234 AB``),
    or a ValidationError that says it is malformed and how to write it
    (``1234``, ``ABCD 12``), so a form never answers a malformed postcode
    with "no such address"."""
    postcode = normalise_postcode(value)
    if not re.fullmatch(POSTCODE_RE, postcode or ""):
        raise ValidationError(
            _(
                "“%(value)s” is not a correct postcode. A Dutch postcode is four digits "
                "and two letters, like 1234 AB."
            ),
            code="malformed_postcode",
            params={"value": value.strip() if isinstance(value, str) else value},
        )
    return postcode


def validate_code_within(code, parent_code):
    """A district code continues its municipality's digits, a neighbourhood
    code its district's (WK036300 lies in GM0363; BU03630000 in WK036300)."""
    if code[2 : 2 + len(parent_code) - 2] != parent_code[2:]:
        raise ValidationError(
            _("%(code)s does not lie within %(parent)s."),
            code="cbs_code_mismatch",
            params={"code": code, "parent": parent_code},
        )
