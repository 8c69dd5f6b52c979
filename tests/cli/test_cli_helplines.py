"""`careprint helplines ...` as a clinic or maintainer runs it."""

from collections.abc import Callable

import pytest

from ..conftest import MiniProject

Run = Callable[..., tuple[int, str]]
SAMARITANS_CHECKED = 23  # line of the samaritans `checked` key in conftest.GB
SAMARITANS_NUMBER = 27


def set_checked(mini: MiniProject, day: str) -> None:
    path = mini.helplines / "GB.toml"
    text = path.read_text()
    head, _, tail = text.partition('id = "samaritans"')
    path.write_text(
        head + 'id = "samaritans"' + tail.replace("checked = 2026-11-01", f"checked = {day}", 1)
    )


def test_check_passes_on_good_data(mini: MiniProject, run_cli: Run) -> None:
    code, output = run_cli("helplines", "check", "--root", str(mini.root))
    assert code == 0, output
    assert "ok: 2 countries, 4 services; oldest check 2026-11-01" in output
    assert "judged on 2026-11-30" in output


def test_invalid_number_fails_with_file_and_line(mini: MiniProject, run_cli: Run) -> None:
    path = mini.helplines / "GB.toml"
    path.write_text(path.read_text().replace('"116 123"', '"0300 123"'))
    code, output = run_cli("helplines", "check", "--root", str(mini.root))
    assert code == 1 and "Traceback" not in output
    assert f"packs/helplines/GB.toml:{SAMARITANS_NUMBER}: samaritans: phone " in output
    assert "not a valid number for GB" in output


def test_unknown_key_fails_with_file_and_line(mini: MiniProject, run_cli: Run) -> None:
    path = mini.helplines / "GB.toml"
    path.write_text(
        path.read_text().replace(
            'open_24_7 = true\nsource_url = "https://example.org/samaritans"',
            'open_24_7 = true\nopen_247 = true\nsource_url = "https://example.org/samaritans"',
        )
    )
    code, output = run_cli("helplines", "check", "--root", str(mini.root))
    assert code == 1
    assert 'packs/helplines/GB.toml:22: unknown key "services[2].open_247"' in output
    assert 'did you mean "open_24_7"?' in output


def test_row_older_than_24_months_fails_with_file_and_line(mini: MiniProject, run_cli: Run) -> None:
    set_checked(mini, "2024-11-01")
    code, output = run_cli("helplines", "check", "--root", str(mini.root))
    assert code == 1
    assert (
        f"packs/helplines/GB.toml:{SAMARITANS_CHECKED}: samaritans: last compared with its "
        "source on 2024-11-01, over 24 months before 2026-11-30 (limit 24 months)"
    ) in output
    assert "--allow-stale" in output


def test_row_13_months_old_warns_but_passes(mini: MiniProject, run_cli: Run) -> None:
    set_checked(mini, "2025-10-01")
    code, output = run_cli("helplines", "check", "--root", str(mini.root))
    assert code == 0, output
    assert (
        f"warning CP3102 packs/helplines/GB.toml:{SAMARITANS_CHECKED}: samaritans: last compared "
        "with its source on 2025-10-01, over 13 months before 2026-11-30"
    ) in output
    assert "1 warning(s)" in output


def test_limits_from_cli_and_pack(mini: MiniProject, run_cli: Run) -> None:
    set_checked(mini, "2026-01-01")
    args = ("helplines", "check", "--root", str(mini.root))
    assert run_cli(*args)[0] == 0
    assert run_cli(*args, "--fail-after-months", "10", "--warn-after-months", "6")[0] == 1
    pack = mini.pack / "pack.toml"
    pack.write_text(
        pack.read_text() + "\n[helplines]\nwarn_after_months = 3\nfail_after_months = 6\n"
    )
    code, output = run_cli(*args)
    assert code == 1 and "(limit 6 months)" in output
    # `careprint check` judges with the same limits, so a pass there means every pack builds.
    assert run_cli("check", "--root", str(mini.root))[0] == 1


def test_today_option_sets_the_build_date(mini: MiniProject, run_cli: Run) -> None:
    args = ("helplines", "check", "--root", str(mini.root))
    code, output = run_cli(*args, "--today", "2028-12-01")
    assert code == 1 and "25 months before 2028-12-01" in output
    code, output = run_cli(*args, "--today", "2026-10-01")
    assert code == 1 and "is after the build date 2026-10-01" in output


def test_list_shows_one_line_per_country(mini: MiniProject, run_cli: Run) -> None:
    code, output = run_cli("helplines", "list", "--root", str(mini.root))
    assert code == 0
    rows = output.splitlines()
    assert rows[0].split()[:2] == ["CC", "country"]
    assert rows[1].split()[:3] == ["GB", "United", "Kingdom"]
    assert "999" in rows[1] and "116 123" in rows[1] and "2026-11-01" in rows[1]
    assert rows[2].startswith("US") and "988" in rows[2]


def test_show_lists_services_in_print_order(mini: MiniProject, run_cli: Run) -> None:
    code, output = run_cli("helplines", "show", "gb", "--root", str(mini.root))
    assert code == 0
    assert output.index("[emergency] Emergency services") < output.index("[crisis] Samaritans")
    assert "116 123  <tel:116123>" in output
    assert "source: https://example.org/samaritans" in output
    assert "checked 2026-11-01, 0 months ago: ok; on cards: yes" in output


def test_show_unknown_country(mini: MiniProject, run_cli: Run) -> None:
    code, output = run_cli("helplines", "show", "XX", "--root", str(mini.root))
    assert code == 1 and 'no valid helpline data for "XX"' in output and "GB, US" in output


@pytest.mark.parametrize(
    "field,text",
    [
        ("cost", "free (per source)"),
        ("cost", "normal call charges (as of Jun 2024)"),
        ("cost", "free (0800 helplines are free per IOL 2021)"),
        ("instruction", "then choose the mental health option (given as option 2 in 2024)"),
        ("area", "nationwide planned by end-2024"),
        ("area", "operational in 27 state capitals by Aug 2023"),
        ("reader_note", "See https://example.org"),
        ("reader_note", "Hours not confirmed, verify"),
    ],
)
def test_maintainer_phrases_in_printed_fields_fail_the_check(
    mini: MiniProject, run_cli: Run, field: str, text: str
) -> None:
    path = mini.helplines / "GB.toml"
    if field in ("instruction", "area"):
        new = path.read_text().replace(
            'value = "116 123"', f'value = "116 123"\n{field} = "{text}"'
        )
    else:
        new = path.read_text().replace(
            'name = "Samaritans"', f'name = "Samaritans"\n{field} = "{text}"'
        )
    path.write_text(new)
    code, output = run_cli("helplines", "check", "--root", str(mini.root))
    assert code == 1, output
    assert "packs/helplines/GB.toml:" in output and f'"{text}"' in output
    assert "readers see this field" in output


def test_reader_words_pass_the_check(mini: MiniProject, run_cli: Run) -> None:
    path = mini.helplines / "GB.toml"
    path.write_text(
        path.read_text().replace(
            'name = "Samaritans"',
            'name = "Samaritans"\ncost = "CHF 0.20 per call"\nreader_note = "Luzon landlines only"',
        )
    )
    code, output = run_cli("helplines", "check", "--root", str(mini.root))
    assert code == 0, output
