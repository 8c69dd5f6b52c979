import pytest

from builder.model.phones import NumberError, dialable, published_form, same_digits


def test_full_number_gets_national_format_and_e164() -> None:
    d = dialable("0800 1111", "GB")
    assert (d.display, d.tel, d.short) == ("0800 1111", "+448001111", False)


def test_short_codes_keep_published_grouping() -> None:
    assert dialable("116 123", "GB").display == "116 123"
    assert dialable("988", "US").tel == "988"


def test_invalid_number_for_country() -> None:
    with pytest.raises(NumberError, match="not a valid number for GB"):
        dialable("0300 123", "GB")


def test_number_of_another_country_is_refused() -> None:
    with pytest.raises(NumberError):
        dialable("+1 212 555 0100", "GB")


def test_star_code_needs_a_reason() -> None:
    with pytest.raises(NumberError):
        dialable("*4141", "CL")
    assert dialable("*4141", "CL", "new national line").display == "*4141"


def test_north_american_toll_free_numbers_print_with_their_leading_1() -> None:
    assert dialable("(800) 668-6868", "CA").display == "1-800-668-6868"
    assert dialable("800-799-7233", "US").display == "1-800-799-7233"
    assert dialable("800-2673", "TT").display == "(868) 800-2673"  # not a North American 8xx
    # Published without the 1 ("800-799-7233"): still printed with it, as before.
    assert dialable("1 800 799 7233", "US").display == "1-800-799-7233"
    assert dialable("800-799-7233", "US").tel == "+18007997233"


def test_a_printed_form_must_dial_the_same_number() -> None:
    za = dialable("+27 800 567 567", "ZA")
    assert za.display == "080 056 7567"  # international value: libphonenumber's grouping
    assert same_digits("0800 567 567", za, "ZA")
    assert same_digits("+27 800 567 567", za, "ZA")
    assert not same_digits("0800 567 568", za, "ZA")
    assert same_digits("1-800-668-6868", dialable("800 668 6868", "CA"), "CA")


@pytest.mark.parametrize(
    ("value", "country", "regrouped", "tel"),
    [
        ("70 201 201", "DK", "70 20 12 01", "+4570201201"),  # Livslinien
        ("080 005 005", "FI", "0800 05005", "+35880005005"),  # Nollalinja
        ("09 2525 0116", "FI", "09 25250116", "+358925250116"),  # MIELI
        ("0800-50-7272", "TW", "080 050 7272", "+886800507272"),
    ],
)
def test_national_numbers_print_as_their_service_publishes_them(
    value: str, country: str, regrouped: str, tel: str
) -> None:
    """Translators found these regrouped by libphonenumber; the card must match the poster.
    The international form of the same number still gets libphonenumber's grouping, and the
    tel: link is E.164 either way."""
    published = dialable(value, country)
    assert (published.display, published.tel) == (value, tel)
    international = dialable(tel, country)
    assert (international.display, international.tel) == (regrouped, tel)


def test_published_form_is_tidied_once_the_same_way() -> None:
    """Hyphens, dots, slashes and brackets stay as published; Unicode dashes and spaces become
    ASCII, spaces around separators go; letters, a leading + or other punctuation cannot be
    printed as written."""
    assert published_form(" 0800 \u2013 50\u20137272 ") == "0800-50-7272"
    assert published_form("0228 / 71002424") == "0228/71002424"
    assert published_form("(011) 5275-1135") == "(011) 5275-1135"
    assert published_form("0374.456.420") == "0374.456.420"
    assert published_form("09\u00a02525  0116") == "09 2525 0116"
    for odd in ("+45 70 201 201", "800-COPE", "0800, 567", "0800 (567", "0800--567"):
        assert published_form(odd) == "", odd


def test_a_value_that_is_not_the_national_form_keeps_libphonenumbers() -> None:
    """Only a value that dials the national number is printed as written: with the country
    code, or without an area code, it is regrouped as before."""
    assert dialable("+45 70 201 201", "DK").display == "70 20 12 01"
    assert dialable("800-2673", "TT").display == "(868) 800-2673"


def test_a_number_published_without_its_trunk_prefix_prints_as_published() -> None:
    """India's NCW publishes 7827170170; libphonenumber's "078271 70170" is the same number
    (trunk prefix 0) but not the form people recognise. The tel: link is E.164 either way,
    and a value written with its trunk prefix keeps it."""
    ncw = dialable("7827170170", "IN")
    assert (ncw.display, ncw.tel) == ("7827170170", "+917827170170")
    assert dialable("07827 170170", "IN").display == "07827 170170"
    assert dialable("0808 808 4994", "GB").display == "0808 808 4994"


def test_short_codes_keep_hyphens_as_published() -> None:
    assert dialable("116-123", "HU").display == "116-123"
    assert dialable("116-123", "HU").tel == "116123"


@pytest.mark.parametrize(
    "value",
    [
        "020 7946 0321 ext. 204",
        "020 7946 0321 x204",
        "020 7946 0321 extension 204",
        "020 7946 0321;ext=204",
        "020 7946 0321,204",  # read by libphonenumber as an extension, printed "x204"
        "020 7946 0321 #204",  # the same
    ],
)
def test_a_number_with_an_extension_is_refused_saying_how_to_give_it(value: str) -> None:
    """A clinic's "020 7946 0321,204" was accepted and printed "020 7946 0321 x204" (letters
    it never wrote; the tel: link dropped the extension), while "ext. 204" was refused as
    "contains letters; give the digits only", which leads to "020 7946 0321 204": not a
    number at all. Each is now refused naming the extension and how to say it instead."""
    with pytest.raises(NumberError, match=r"extension \(204\).*ask for extension 204"):
        dialable(value, "GB")
