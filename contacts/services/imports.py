"""Importing residents with their talents and needs from a
``buurtwerk-residents/1`` file (see ../shared/matching/FORMAT.md).

``residents_import(data=...)`` checks the whole document first and raises
``ResidentImportError`` listing every problem, each as ``REF: FIELD:
MESSAGE`` (``s07: address.postcode: '1111 XX1' is not a Dutch postcode;
write it as 1234 AB.``); then nothing is written. Otherwise it writes
everything in one transaction.

Decisions:

- Idempotent by ``ref`` (``Resident.external_ref``): a resident whose ref
  exists is updated where the file differs (name, address, languages,
  consent) and left alone where it does not, so importing the same file
  twice changes nothing. Talents and needs are matched by their text (the
  same words, ignoring spacing): a new text is added, a known one gets the
  file's category (when the file names one) and availability; talents and
  needs the file does not mention are left as they are (a worker may have
  added them). Nobody and nothing is deleted.
- A ref that belongs to an anonymised resident is a problem: an erased
  person is never brought back by an import.
- Consent: ``consent.store``, ``consent.match`` (and, optionally,
  ``consent.share``) are recorded as consent answers with the method
  "written" (the file is a written record from elsewhere); a purpose the
  file leaves out is not asked. Without consent to store data a resident is
  only a name and an address: languages, talents and needs are then a
  problem, as is consent to be matched.
- There is no user at the command line, but a consent answer needs one who
  recorded it: the imports are recorded by the system user ``import``
  (inactive, no usable password, so nobody can log in as it), created on
  the first import. It is also the ``created_by`` of what is imported.
- Neighbourhoods, districts, municipalities, streets and addresses are
  created when missing, never renamed; a neighbourhood the file places in
  another district than the database does is a problem. An address (postcode,
  number, addition) that exists on another street is a problem too.
- A talent or need without ``category`` is categorised from its text by the
  taxonomy (``contacts.categorise``), falling back to "Overig"; a category
  slug the database does not know is a problem.
- ``availability`` tags that are parts of the week (``weekday_morning`` ...
  ``weekend_evening``, see ``Availability``) apply to all the resident's
  talents and needs; other tags are free-form in the format and ignored.
- Unknown fields are ignored, so the format can grow by optional fields.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, ngettext

from accounts.services import system_user
from buurtwerk import languages as language_list
from contacts.models import Availability, Category, Consent, ConsentRecord, Need, Resident, Talent
from contacts.services.heard import heard_update, need_create, talent_create
from contacts.services.residents import consent_set, resident_create, resident_update
from neighbourhoods import validators
from neighbourhoods.models import Address, District, Municipality, Neighbourhood, Street
from neighbourhoods.services.csv_import import Counts

FORMAT = "buurtwerk-residents/1"
IMPORT_USERNAME = "import"
_CONSENTS = {"store": Consent.STORE, "match": Consent.MATCH, "share": Consent.SHARE}
_WRITTEN = ConsentRecord.Method.WRITTEN


class ResidentImportError(Exception):
    """A file that cannot be imported, with every problem found."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))

    @property
    def summary(self):
        count = len(self.problems)
        return ngettext(
            "%(count)d problem; nothing was imported.",
            "%(count)d problems; nothing was imported.",
            count,
        ) % {"count": count}


@dataclass
class ResidentImportResult:
    residents: Counts = field(default_factory=Counts)
    talents: Counts = field(default_factory=Counts)
    needs: Counts = field(default_factory=Counts)


# Checking: each _check_* returns the cleaned value or raises ValidationError.


def _message(error):
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


class _Problems(list):
    """Problems as 'WHO: FIELD: MESSAGE' lines."""

    def check(self, who, path, clean, value):
        try:
            return clean(value)
        except ValidationError as error:
            self.append(f"{who}: {path}: {_message(error)}")
            return None

    def add(self, who, path, message):
        self.append(f"{who}: {path}: {message}" if path else f"{who}: {message}")


def _text(max_length, *, required=True):
    def clean(value):
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise ValidationError(gettext("Expected text."))
        value = " ".join(value.split())
        if required and not value:
            raise ValidationError(gettext("This field is required."))
        if len(value) > max_length:
            raise ValidationError(
                gettext("At most %(max)d characters (this has %(length)d).")
                % {"max": max_length, "length": len(value)}
            )
        return value

    return clean


def _code(validator):
    def clean(value):
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(gettext("This field is required."))
        code = value.strip().upper()
        validator(code)
        return code

    return clean


def _house_number(value):
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(gettext("Enter a whole number of 1 or more."))
    Address._meta.get_field("house_number").run_validators(value)
    return value


def _postcode(value):
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(gettext("This field is required."))
    postcode = validators.normalise_postcode(value)
    validators.validate_postcode(postcode)
    return postcode


def _languages(value):
    """The codes, each once; None when the file leaves them out (then a
    known resident keeps theirs)."""
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(
            gettext('Expected a list of ISO 639-1 or ISO 639-3 codes, like ["nl", "ary"].')
        )
    codes, unknown = [], []
    for given in value:
        code = language_list.normalise(given)
        if code is None:
            unknown.append(given.strip())
        elif code not in codes:
            codes.append(code)
    if unknown:
        raise ValidationError(
            gettext("Unknown language code: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    return codes


def _consent(value):
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValidationError(gettext('Expected an object like {"store": true, "match": true}.'))
    consents = {}
    for key, purpose in _CONSENTS.items():
        if key in value:
            if not isinstance(value[key], bool):
                raise ValidationError(gettext("%(key)s: expected true or false.") % {"key": key})
            consents[purpose] = value[key]
    return consents


def _availability(value):
    """The tags that are parts of the week, in the week's order; other
    (free-form) tags are ignored. None when the file leaves them out (then
    known talents and needs keep theirs)."""
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
        raise ValidationError(gettext("Expected a list of tags."))
    tags = {tag.strip().lower() for tag in value}
    return [slot for slot in Availability.values if slot in tags]


@dataclass
class _Heard:
    text: str
    category: Category | None


@dataclass
class _Row:
    ref: str
    name: str
    neighbourhood: str
    address: tuple | None  # (street, number, addition, postcode)
    languages: list
    consents: dict
    talents: list
    needs: list
    availability: list


@dataclass
class _Region:
    code: str
    name: str
    district: tuple  # (code, name)
    municipality: tuple  # (code, name)


def _check_neighbourhoods(document, problems):
    """The file's neighbourhoods as code -> _Region."""
    entries = document.get("neighbourhoods", [])
    if not isinstance(entries, list):
        problems.add("file", "neighbourhoods", gettext("Expected a list."))
        return {}
    regions = {}
    for index, entry in enumerate(entries):
        who = f"neighbourhoods[{index}]"
        if not isinstance(entry, dict):
            problems.add(who, "", gettext("Expected an object."))
            continue
        if isinstance(entry.get("code"), str):
            who = entry["code"].strip() or who
        code = problems.check(
            who, "code", _code(validators.validate_neighbourhood_code), entry.get("code")
        )
        name = problems.check(who, "name", _text(100), entry.get("name"))
        parts = {}
        for level, validator in (
            ("district", validators.validate_district_code),
            ("municipality", validators.validate_municipality_code),
        ):
            part = entry.get(level)
            if not isinstance(part, dict):
                problems.add(who, level, gettext("Expected an object with code and name."))
                continue
            parts[level] = (
                problems.check(who, f"{level}.code", _code(validator), part.get("code")),
                problems.check(who, f"{level}.name", _text(100), part.get("name")),
            )
        if (
            None in (code, name)
            or len(parts) < 2
            or None in (*parts["district"], *parts["municipality"])
        ):
            continue
        try:
            validators.validate_code_within(parts["district"][0], parts["municipality"][0])
        except ValidationError as error:
            problems.add(who, "district.code", _message(error))
            continue
        try:
            validators.validate_code_within(code, parts["district"][0])
        except ValidationError as error:
            problems.add(who, "code", _message(error))
            continue
        if code in regions:
            problems.add(who, "code", gettext("This neighbourhood is in the file twice."))
            continue
        regions[code] = _Region(code, name, parts["district"], parts["municipality"])
    return regions


def _check_heard(who, key, value, problems, categories):
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(who, key, gettext("Expected a list."))
        return []
    items = []
    for index, entry in enumerate(value):
        path = f"{key}[{index}]"
        if not isinstance(entry, dict):
            problems.add(who, path, gettext("Expected an object with a text."))
            continue
        text = problems.check(who, f"{path}.text", _text(300), entry.get("text"))
        category = None
        slug = entry.get("category")
        if slug not in (None, ""):
            category = categories.get(slug) if isinstance(slug, str) else None
            if category is None:
                problems.add(
                    who,
                    f"{path}.category",
                    gettext("Unknown category '%(slug)s'; known: %(known)s.")
                    % {"slug": slug, "known": ", ".join(sorted(categories))},
                )
                continue
        if text is not None:
            items.append(_Heard(text, category))
    return items


def _check_resident(index, entry, problems, *, seen, known_codes, categories):
    if not isinstance(entry, dict):
        problems.add(f"residents[{index}]", "", gettext("Expected an object."))
        return None
    count = len(problems)
    raw_ref = entry.get("ref")
    who = (
        raw_ref.strip() if isinstance(raw_ref, str) and raw_ref.strip() else f"residents[{index}]"
    )
    ref = problems.check(who, "ref", _text(64), raw_ref)
    if ref is not None and ref in seen:
        problems.add(who, "ref", gettext("This ref is in the file twice."))
    seen.add(ref)
    name = problems.check(who, "name", _text(200), entry.get("name"))
    code = problems.check(
        who,
        "neighbourhood",
        _code(validators.validate_neighbourhood_code),
        entry.get("neighbourhood"),
    )
    if code is not None and code not in known_codes:
        problems.add(
            who,
            "neighbourhood",
            gettext(
                "There is no neighbourhood %(code)s in the file's neighbourhoods or the database."
            )
            % {"code": code},
        )
    address = None
    raw_address = entry.get("address")
    if raw_address is not None:
        if not isinstance(raw_address, dict):
            problems.add(who, "address", gettext("Expected an object."))
        else:
            address = (
                problems.check(who, "address.street", _text(100), raw_address.get("street")),
                problems.check(who, "address.number", _house_number, raw_address.get("number")),
                problems.check(
                    who, "address.addition", _text(10, required=False), raw_address.get("addition")
                ),
                problems.check(who, "address.postcode", _postcode, raw_address.get("postcode")),
            )
    languages = problems.check(who, "languages", _languages, entry.get("languages"))
    consents = problems.check(who, "consent", _consent, entry.get("consent"))
    availability = problems.check(who, "availability", _availability, entry.get("availability"))
    talents = _check_heard(who, "talents", entry.get("talents"), problems, categories)
    needs = _check_heard(who, "needs", entry.get("needs"), problems, categories)
    if consents is not None and not consents.get(Consent.STORE):
        # Without consent to store data, only the name and address.
        for key, value in (("languages", languages), ("talents", talents), ("needs", needs)):
            if value:
                problems.add(
                    who,
                    key,
                    gettext("Without consent to store data (consent.store), leave this out."),
                )
        for key in ("match", "share"):
            if consents.get(_CONSENTS[key]):
                problems.add(who, f"consent.{key}", gettext("Needs consent to store data first."))
    if len(problems) > count:
        return None
    return _Row(
        ref=ref,
        name=name,
        neighbourhood=code,
        address=address,
        languages=languages,
        consents=consents,
        talents=talents,
        needs=needs,
        availability=availability,
    )


def _check_against_database(rows, regions, problems):
    """Problems that need the database: a neighbourhood in another district,
    an address on another street, an anonymised ref. Returns the existing
    residents by ref and the existing addresses by (postcode, number, addition)."""
    # Query: the file's neighbourhoods that exist, with their districts.
    existing = {
        nb.code: nb
        for nb in Neighbourhood.objects.select_related("district__municipality").filter(
            code__in=regions
        )
    }
    for code, region in regions.items():
        nb = existing.get(code)
        if nb is not None and nb.district.code != region.district[0]:
            problems.add(
                code,
                "district.code",
                gettext("%(code)s lies in district %(district)s in the database.")
                % {"code": code, "district": nb.district.code},
            )
    # Query: the residents with these refs.
    residents = {
        resident.external_ref: resident
        for resident in Resident.objects.select_related("address__street").filter(
            external_ref__in=[row.ref for row in rows]
        )
    }
    for row in rows:
        resident = residents.get(row.ref)
        if resident is not None and resident.status == Resident.Status.ANONYMISED:
            problems.add(
                row.ref,
                "ref",
                gettext("This resident was anonymised and is not imported again; leave them out."),
            )
    postcodes = {row.address[3] for row in rows if row.address}
    # Query: the addresses with these postcodes.
    addresses = {
        (address.postcode, address.house_number, address.addition): address
        for address in Address.objects.select_related("street__neighbourhood").filter(
            postcode__in=postcodes
        )
    }
    in_file = {}
    for row in rows:
        if not row.address:
            continue
        street, number, addition, postcode = row.address
        key = (postcode, number, addition)
        place = (row.neighbourhood, street)
        first = in_file.setdefault(key, (row.ref, place))
        label = f"{postcode} {number}{'-' + addition if addition else ''}"
        if first[1] != place:
            problems.add(
                row.ref,
                "address",
                gettext(
                    "%(address)s is on another street or in another neighbourhood for %(other)s."
                )
                % {"address": label, "other": first[0]},
            )
            continue
        address = addresses.get(key)
        if address is not None and (
            address.street.name != street or address.street.neighbourhood.code != row.neighbourhood
        ):
            problems.add(
                row.ref,
                "address",
                gettext("%(address)s is on %(street)s in %(neighbourhood)s in the database.")
                % {
                    "address": label,
                    "street": address.street.name,
                    "neighbourhood": address.street.neighbourhood.code,
                },
            )
    return residents, addresses


def import_user():
    """The system user imports are recorded by."""
    return system_user(username=IMPORT_USERNAME, first_name="Import")


def residents_read(*, path):
    """The JSON document in the file at ``path``; ResidentImportError when
    it cannot be read."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as error:
        raise ResidentImportError([f"{path}: {error.strerror or error}"]) from None
    except UnicodeDecodeError:
        raise ResidentImportError([f"{path}: " + gettext("not UTF-8 text.")]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ResidentImportError(
            [
                f"{path}: "
                + gettext("not valid JSON (line %(line)d: %(reason)s).")
                % {"line": error.lineno, "reason": error.msg}
            ]
        ) from None


@transaction.atomic
def residents_import(*, data):
    """Import the ``buurtwerk-residents/1`` document ``data`` (parsed JSON):
    see the module docstring. Raises ResidentImportError with every problem,
    having written nothing; returns a ResidentImportResult."""
    problems = _Problems()
    if not isinstance(data, dict):
        raise ResidentImportError([gettext("file: expected a JSON object.")])
    if data.get("format") != FORMAT:
        problems.add(
            "file",
            "format",
            gettext('Expected "%(expected)s", found %(found)s.')
            % {"expected": FORMAT, "found": json.dumps(data.get("format"))},
        )
        raise ResidentImportError(problems)
    regions = _check_neighbourhoods(data, problems)
    entries = data.get("residents")
    if not isinstance(entries, list):
        problems.add("file", "residents", gettext("Expected a list."))
        raise ResidentImportError(problems)
    # Query: every category by slug (a few dozen).
    categories = {category.slug: category for category in Category.objects.all()}
    mentioned = {
        entry["neighbourhood"].strip().upper()
        for entry in entries
        if isinstance(entry, dict) and isinstance(entry.get("neighbourhood"), str)
    }
    # Query: the neighbourhoods the residents name that exist already.
    known_codes = set(regions) | set(
        Neighbourhood.objects.filter(code__in=mentioned).values_list("code", flat=True)
    )
    seen = set()
    rows = [
        _check_resident(
            index, entry, problems, seen=seen, known_codes=known_codes, categories=categories
        )
        for index, entry in enumerate(entries)
    ]
    rows = [row for row in rows if row is not None]
    residents, addresses = _check_against_database(rows, regions, problems)
    if problems:
        raise ResidentImportError(problems)

    by = import_user()
    neighbourhoods = _regions_write(regions, {row.neighbourhood for row in rows})
    result = ResidentImportResult()
    streets = {}
    for row in rows:
        neighbourhood = neighbourhoods[row.neighbourhood]
        address = _address_write(row, neighbourhood, addresses, streets)
        resident = residents.get(row.ref)
        if resident is None:
            resident = resident_create(
                name=row.name,
                created_by=by,
                address=address,
                neighbourhood=None if address else neighbourhood,
                consents=row.consents,
                consent_method=_WRITTEN,
                languages=row.languages or [],
                external_ref=row.ref,
            )
            result.residents.created += 1
        else:
            resident, changed = _resident_update(resident, row, address, neighbourhood, by)
            if changed:
                result.residents.updated += 1
            else:
                result.residents.unchanged += 1
        _heard_write(
            Talent, talent_create, resident, row.talents, row.availability, by, result.talents
        )
        _heard_write(Need, need_create, resident, row.needs, row.availability, by, result.needs)
    return result


def _regions_write(regions, used_codes):
    """The neighbourhoods by code that the residents use (and all in the
    file), creating what is missing."""
    municipalities, districts, neighbourhoods = {}, {}, {}
    for region in regions.values():
        municipality_code, municipality_name = region.municipality
        municipality = municipalities.get(municipality_code)
        if municipality is None:
            municipality = Municipality.objects.filter(code=municipality_code).first()
            if municipality is None:
                municipality = Municipality(code=municipality_code, name=municipality_name)
                municipality.full_clean()
                municipality.save()
            municipalities[municipality_code] = municipality
        district_code, district_name = region.district
        district = districts.get(district_code)
        if district is None:
            district = District.objects.filter(code=district_code).first()
            if district is None:
                district = District(
                    code=district_code, name=district_name, municipality=municipality
                )
                district.full_clean()
                district.save()
            districts[district_code] = district
        neighbourhood = Neighbourhood.objects.filter(code=region.code).first()
        if neighbourhood is None:
            neighbourhood = Neighbourhood(code=region.code, name=region.name, district=district)
            neighbourhood.full_clean()
            neighbourhood.save()
        neighbourhoods[region.code] = neighbourhood
    missing = used_codes - neighbourhoods.keys()
    neighbourhoods.update((nb.code, nb) for nb in Neighbourhood.objects.filter(code__in=missing))
    return neighbourhoods


def _address_write(row, neighbourhood, addresses, streets):
    if not row.address:
        return None
    street_name, number, addition, postcode = row.address
    address = addresses.get((postcode, number, addition))
    if address is not None:
        return address
    street = streets.get((neighbourhood.pk, street_name))
    if street is None:
        street, _created = Street.objects.get_or_create(
            neighbourhood=neighbourhood, name=street_name
        )
        streets[neighbourhood.pk, street_name] = street
    address = Address(street=street, house_number=number, addition=addition, postcode=postcode)
    address.full_clean()
    address.save()
    addresses[postcode, number, addition] = address
    return address


def _resident_update(resident, row, address, neighbourhood, by):
    """Bring ``resident`` in line with ``row``; (resident, whether anything changed)."""
    changed = False
    store = row.consents.get(Consent.STORE)
    if store and not resident.may_store:
        consent_set(
            resident=resident, purpose=Consent.STORE, given=True, recorded_by=by, method=_WRITTEN
        )
        resident.refresh_from_db()
        changed = True
    fields = {}
    if resident.name != row.name:
        fields["name"] = row.name
    if row.languages is not None and list(resident.languages) != row.languages:
        fields["languages"] = row.languages
    place = {}
    if address is not None and resident.address_id != address.pk:
        place["address"] = address
    elif address is None and (
        resident.address_id or resident.neighbourhood_id != neighbourhood.pk
    ):
        place["neighbourhood"] = neighbourhood
    if fields or place:
        resident = resident_update(
            resident=resident,
            expected_version=resident.version,
            updated_by=by,
            **place,
            **fields,
        )
        changed = True
    for purpose in (Consent.MATCH, Consent.SHARE, Consent.STORE):
        given = row.consents.get(purpose)
        if given is not None and getattr(resident, purpose.flag) != given:
            consent_set(
                resident=resident, purpose=purpose, given=given, recorded_by=by, method=_WRITTEN
            )
            resident.refresh_from_db()
            changed = True
    return resident, changed


def _key(text):
    return " ".join(text.split()).casefold()


def _heard_write(model, create, resident, items, availability, by, counts):
    """Add the talents or needs in ``items`` that ``resident`` does not have
    yet (the same text), update the category and availability of those it has."""
    if not items:
        return
    # Query: the resident's talents (or needs).
    existing = {_key(item.text): item for item in model.objects.filter(resident=resident)}
    for item in items:
        current = existing.get(_key(item.text))
        if current is None:
            existing[_key(item.text)] = create(
                resident=resident,
                text=item.text,
                category=item.category,
                availability=availability or [],
                created_by=by,
            )
            counts.created += 1
            continue
        category = item.category or current.category
        wanted = list(current.availability) if availability is None else availability
        if category.pk == current.category_id and list(current.availability) == wanted:
            counts.unchanged += 1
            continue
        heard_update(
            item=current,
            text=current.text,
            category=category,
            availability=wanted,
            status=current.status,
            by=by,
        )
        counts.updated += 1
