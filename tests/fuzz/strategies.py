"""What the fuzz tests send: random text, numbers, dates and HTML, mixed with valid values.

Every strategy here makes the value of one form field (a string, or a list of strings for a
field sent more than once). `form_data` makes a whole submission, with fields missing,
repeated or unexpected.
"""

from typing import NamedTuple

from hypothesis import strategies as st

# Markup that must never reach a page as markup. Each is found again by the raw text in
# RAW_MARKUP if a page shows it unescaped (in an element, an attribute or a link).
MARKERS = [
    '<b data-fuzz="ZQX">',
    '"><script>ZQX</script>',
    '" onfocus="ZQX" x="',
    "' onfocus='ZQX' x='",
    "javascript:ZQX",
    "</textarea><b data-fuzz=ZQX>",
]
RAW_MARKUP = [
    "<b data-fuzz=",
    "<script>ZQX",
    'onfocus="ZQX',
    "onfocus='ZQX",
    'href="javascript:ZQX',
    "href='javascript:ZQX",
]

# Any character HTTP can carry: control characters (NUL too), right-to-left marks, emoji,
# combining marks. Surrogates cannot travel in UTF-8, so they are left out.
unicode_text = st.text(
    alphabet=st.characters(exclude_categories=["Cs"]),
    max_size=40,
)
awkward_text = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "\t\r\n",
        "\u202eevil\u202c",
        "\u200f\u200e",
        "\ufeff",
        "👩🏽\u200d🚀🇬🇧",
        "e\u0301\u0301\u0301",
        "Ω≈ç√∫",
        "%00",
        "%s %d {0} {}",
        "{{ request }}",
        "{% csrf_token %}",
        "../../etc/passwd",
        "' OR 1=1 --",
        "\\",
        "NULL",
        "None",
    ]
)

with_marker = st.builds(
    lambda before, marker, after: f"{before}{marker}{after}",
    st.text(max_size=8),
    st.sampled_from(MARKERS),
    st.text(max_size=8),
)

# Longer than every max_length in the app (the longest is 5,000), and exactly at the edges.
long_text = st.builds(
    lambda length, fill, marker: (marker + fill * length)[:length],
    st.sampled_from([119, 120, 121, 150, 151, 200, 201, 254, 255, 1001, 2001, 5000, 5001, 20_000]),
    st.sampled_from(["x", "é", "😀", " ", "<", "\x01"]),
    st.sampled_from(["", *MARKERS]),
)

numbers_as_text = st.one_of(
    st.sampled_from(
        [
            "0",
            "-0",
            "-1",
            "1",
            "2",
            "7",
            "8",
            "1.5",
            "1e309",
            "-1e309",
            "NaN",
            "inf",
            "0x10",
            " 3 ",
            "99999999999999999999",
            "9223372036854775808",
            "-9223372036854775809",
            "2147483648",
            "9" * 5000,
            "²",
            "٣",
            "１",
        ]
    ),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)

date_parts = st.one_of(
    st.sampled_from(
        [
            *["0", "00", "-1", "1", "12", "13", "28", "29", "31", "32", "1999", "2000"],
            *["2026", "2100", "2101", "9999", "10000", "99999999999999999999", "9" * 5000],
            *["", " ", "²"],
        ]
    ),
    st.integers(min_value=-(10**6), max_value=10**6).map(str),
)

iso_moments = st.one_of(
    st.sampled_from(
        [
            "9999-12-31T23:59:59-12:00",
            "9999-12-31T23:59:59",
            "0001-01-01T00:00:00+14:00",
            "0001-01-01",
            "2026-10-15T12:00:00+00:00",
            "2026-10-15",
            "2026-02-30",
            "not a date",
            "",
        ]
    ),
    st.datetimes().map(lambda moment: moment.isoformat()),
)


def fuzz_value() -> st.SearchStrategy[str]:
    """Anything at all, with markup and length edges over-represented."""
    return st.one_of(
        with_marker, unicode_text, awkward_text, long_text, numbers_as_text, date_parts
    )


class Field(NamedTuple):
    """One form field: values the form accepts (with markup in free text, which it should
    accept and escape), and values it should refuse."""

    good: st.SearchStrategy
    bad: st.SearchStrategy


def choice(*valid: str) -> Field:
    return Field(st.sampled_from(valid), fuzz_value())


def choices(*valid: str) -> Field:
    """A multiple choice: valid values sent as repeated fields."""
    return Field(
        st.lists(st.sampled_from(valid), min_size=1, max_size=3, unique=True), fuzz_value()
    )


def text(*valid: str) -> Field:
    """Free text: accepted with markup in it, so the pages that show it are checked."""
    good = st.one_of(with_marker, st.sampled_from(valid)) if valid else with_marker
    return Field(good, fuzz_value())


def email(*valid: str) -> Field:
    return Field(st.sampled_from(valid), st.one_of(bad_addresses, fuzz_value()))


def anything() -> Field:
    return Field(fuzz_value(), fuzz_value())


bad_addresses = st.sampled_from(
    [
        "someone@example.org",
        "SOMEONE@Example.ORG",
        " padded@example.org ",
        "no-at-sign",
        "a@b",
        "x" * 250 + "@example.org",
        '<b data-fuzz="ZQX">@example.org',
        '"<script>ZQX</script>"@example.org',
        "user@[127.0.0.1]",
        "üñí@exämple.org",
        "a@b@c",
        "a\x00@example.org",
    ]
)

MISSING = object()


def submission(fields: dict, changes: list, extra: dict) -> dict:
    """The fields sent, with some changed or left out, and any extra ones."""
    data = {**extra, **fields}
    for name, value in changes:
        if value is MISSING:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def sometimes_repeated(values: st.SearchStrategy) -> st.SearchStrategy:
    """A value sent once, or (sometimes) the field sent two or three times."""
    return st.one_of(values, values, values, st.lists(values, min_size=2, max_size=3))


def form_data(fields: dict[str, Field]) -> st.SearchStrategy[dict]:
    """A submission: two times in three one the form accepts, with up to two fields spoiled
    (missing, repeated or replaced by anything at all); otherwise anything in every field."""
    names = sorted(fields)
    extra = st.dictionaries(
        st.sampled_from(["id", "pk", "organisation_id", "is_staff", "next", "x"]),
        fuzz_value(),
        max_size=1,
    )
    spoiled = st.sampled_from(names).flatmap(
        lambda name: st.tuples(
            st.just(name),
            st.one_of(
                st.just(MISSING),
                sometimes_repeated(st.one_of(fields[name].good, fields[name].bad)),
            ),
        )
    )
    mostly_good = st.builds(
        submission,
        st.fixed_dictionaries({name: f.good for name, f in fields.items()}),
        st.lists(spoiled, max_size=2) if names else st.just([]),
        extra,
    )
    chaos = st.builds(
        submission,
        st.fixed_dictionaries(
            {},
            optional={
                name: sometimes_repeated(st.one_of(f.good, f.bad)) for name, f in fields.items()
            },
        ),
        st.just([]),
        extra,
    )
    return st.one_of(mostly_good, mostly_good, chaos)
