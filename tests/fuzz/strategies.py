"""Bad input: long strings, unicode (right-to-left, emoji, combining marks),
control characters with NUL, HTML and SQL fragments, malformed dates,
times, postcodes, house numbers, phone numbers and UUIDs; and payloads made
from a valid one by replacing, extending, dropping or repeating fields."""

from hypothesis import strategies as st

SQL = [
    "' OR '1'='1",
    "'; DROP TABLE contacts_resident; --",
    '") OR ("1"="1',
    "1 UNION SELECT password FROM accounts_user --",
    "%",
    "_%_",
    "\\",
    "$$; SELECT pg_sleep(0); $$",
    "E'\\x00'",
]
HTML = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "{{ 7|add:7 }}{% debug %}",
    "&lt;b&gt;&amp;",
    "javascript:alert(1)",
    "</textarea><b>x",
]
UNICODE = [
    "مرحبا يا جاري",  # Arabic, right to left
    "שלום שכן",  # Hebrew
    "\u202egnp.exe\u202c",  # right-to-left override
    "😀👨‍👩‍👧‍👦🏳️‍🌈",
    "Z̤͔ͧ̑a̗l͖g̖o",
    "\ufeffBOM",
    "İıßﬃǅ",
    "\u200b\u200d\u2060",
    "\U0001d573\U0001d58a\U0001d591\U0001d591\U0001d594",  # mathematical letters
    "\uff11\uff12\uff13\uff14\uff21\uff22",  # full-width 1234AB
    "٣٤",  # Arabic-Indic digits
]
CONTROL = [
    "\x00",
    "a\x00b",
    "\x01\x02\x1b[31m",
    "\r\n\r\n",
    "\t",
    "\x7f",
    "\x85\u2028\u2029",
    "\x0b\x0c",
]
DATES = [
    "2024-02-30",
    "2023-02-29",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "31-12-2024",
    "12/31/2024",
    "2024-13-01",
    "2024-1-1",
    "morgen",
    "-2024-01-01",
    "1e10",
]
DATETIMES = [
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "2024-01-01T24:00",
    "2024-01-01T23:61",
    "2024-03-31T02:30",  # does not exist in Amsterdam (clocks go forward)
    "2024-10-27T02:30",  # exists twice in Amsterdam
    "2024-01-01 12:00:00+99:00",
    "T12:00",
]
POSTCODES = ["1234AB", "1234 ab", "0123 AB", "1234 SA", "12345", "ABCD 12", "1234  AB ", "1234-AB"]
NUMBERS = [
    "0",
    "-1",
    "1.5",
    "1e3",
    "2147483648",
    "9223372036854775808",
    "99999999999999999999999999",
    "NaN",
    "Infinity",
    "0x10",
    " 12 ",
]
PHONES = ["+31 6 12345678", "06-123", "++31", "+" + "9" * 40, "0612345678x", "(020) 123 45 67"]
UUIDS = [
    "00000000-0000-0000-0000-000000000000",
    "not-a-uuid",
    "{12345678-1234-5678-1234-567812345678}",
    "12345678123456781234567812345678",
    "12345678-1234-5678-1234-56781234567g",
]
FRAGMENTS = (
    SQL + HTML + UNICODE + CONTROL + DATES + DATETIMES + POSTCODES + NUMBERS + PHONES + UUIDS
)

long_strings = st.builds(
    lambda piece, size: (piece * size)[:size],
    st.text(min_size=1, max_size=8),
    st.integers(min_value=200, max_value=5000),
)


#: Text with a control character (NUL most often) inside.
control_laced = st.builds(
    lambda before, control, after: before + control + after,
    st.text(max_size=6),
    st.sampled_from(["\x00", "\x00", "\x00", *CONTROL]),
    st.text(max_size=6),
)


def nasty_values():
    """One bad value, as a string."""
    return st.one_of(
        st.sampled_from(FRAGMENTS),
        control_laced,
        st.text(max_size=40),  # any code point but surrogates: controls, RTL, emoji
        long_strings,
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.just(""),
        st.lists(st.sampled_from(FRAGMENTS), min_size=2, max_size=4).map("".join),
    )


def _first(value):
    if isinstance(value, list):
        return value[0] if value else ""
    return value


@st.composite
def mutated(draw, base, extra=None):
    """``base`` (a valid payload: field -> string or list of strings) with
    some fields (at least one, at most a third or four) replaced by a bad
    value, extended with one, dropped, or repeated; ``extra`` are optional
    fields (such as a button's name) that may be added."""
    extra = extra or {}
    fields = sorted({*base, *extra})
    most = max(4, len(fields) // 3)
    chosen = draw(st.lists(st.sampled_from(fields), min_size=1, max_size=most, unique=True))
    payload = dict(base)
    for field in chosen:
        valid = _first(base.get(field, extra.get(field, "")))
        action = draw(st.sampled_from(["bad", "bad", "extend", "drop", "repeat", "add"]))
        if action == "drop":
            payload.pop(field, None)
        elif action == "bad":
            payload[field] = draw(nasty_values())
        elif action == "extend":
            payload[field] = str(valid) + draw(nasty_values())
        elif action == "repeat":
            values = [str(valid), draw(nasty_values())]
            payload[field] = values if draw(st.booleans()) else values[::-1]
        else:
            payload[field] = extra.get(field, valid)
    return payload
