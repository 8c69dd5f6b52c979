import pytest

from builder.phones import NumberError, dialable


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
