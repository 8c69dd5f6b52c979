import pytest

from builder.model.phones import NumberError, dialable, same_digits


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


def test_a_printed_form_must_dial_the_same_number() -> None:
    za = dialable("0800 567 567", "ZA")
    assert za.display == "080 056 7567"  # libphonenumber's grouping, not the service's
    assert same_digits("0800 567 567", za, "ZA")
    assert same_digits("+27 800 567 567", za, "ZA")
    assert not same_digits("0800 567 568", za, "ZA")
    assert same_digits("1-800-668-6868", dialable("800 668 6868", "CA"), "CA")
