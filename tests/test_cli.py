"""The CLI edge: bad input is one clear line with file (and line), exit 1, nothing written."""

from collections.abc import Callable

from .conftest import MiniProject
from .pdftext import flat_text

Run = Callable[..., tuple[int, str]]


def build_args(mini: MiniProject, *extra: str) -> list[str]:
    return ["build", "--root", str(mini.root), "--out", str(mini.root / "out"), *extra]


def assert_clean_failure(code: int, output: str, mini: MiniProject, *needles: str) -> None:
    assert code == 1, output
    assert "Traceback" not in output
    for needle in needles:
        assert needle in output, output
    assert not (mini.root / "out").exists()


def test_unknown_country(mini: MiniProject, run_cli: Run) -> None:
    code, output = run_cli(*build_args(mini, "--country", "XX"))
    assert_clean_failure(code, output, mini, "packs/helplines/XX.toml", "GB, US")


def test_typo_in_helpline_key(mini: MiniProject, run_cli: Run) -> None:
    path = mini.helplines / "GB.toml"
    path.write_text(path.read_text().replace('value = "116 123"', 'valeu = "116 123"'))
    code, output = run_cli(*build_args(mini, "--country", "GB"))
    assert_clean_failure(code, output, mini, "packs/helplines/GB.toml:27", 'unknown key',
                         'did you mean "value"?')


def test_pack_lists_missing_module(mini: MiniProject, run_cli: Run) -> None:
    mini.write_pack(["first", "nowhere", "help"])
    code, output = run_cli(*build_args(mini, "--country", "GB"))
    assert_clean_failure(code, output, mini, "packs/mini/pack.toml:5", 'module "nowhere"',
                         "create modules/nowhere.md")


def test_invalid_number(mini: MiniProject, run_cli: Run) -> None:
    path = mini.helplines / "GB.toml"
    path.write_text(path.read_text().replace('"116 123"', '"0300 123"'))
    code, output = run_cli(*build_args(mini, "--country", "GB"))
    assert_clean_failure(code, output, mini, "packs/helplines/GB.toml:27",
                         "not a valid number for GB")


def test_check_reports_ok(mini: MiniProject, run_cli: Run) -> None:
    code, output = run_cli("check", "--root", str(mini.root))
    assert code == 0 and "ok: 1 pack(s), 2 countries" in output


def test_list_shows_what_exists(mini: MiniProject, run_cli: Run) -> None:
    code, output = run_cli("list", "--root", str(mini.root))
    assert code == 0 and "pack mini" in output and "countries: GB, US" in output


def test_stale_numbers_and_allow_stale(mini: MiniProject, run_cli: Run) -> None:
    path = mini.helplines / "GB.toml"
    path.write_text(path.read_text().replace("checked = 2026-11-01", "checked = 2024-11-01"))
    code, output = run_cli(*build_args(mini, "--country", "GB", "--product", "card-sheet"))
    assert_clean_failure(code, output, mini, "packs/helplines/GB.toml:11:", "--allow-stale")
    code, output = run_cli(*build_args(mini, "--country", "GB", "--product", "card-sheet",
                                       "--allow-stale"))
    assert code == 0, output
    assert "warning: emergency: last compared with its source on 2024-11-01" in output
    assert "Numbers may be out of date." in flat_text(
        mini.root / "out/mini/GB/en/card-sheet.pdf")


def test_today_option(mini: MiniProject, run_cli: Run) -> None:
    code, output = run_cli(*build_args(mini, "--country", "GB", "--today", "2029-01-01"))
    assert_clean_failure(code, output, mini, "26 months before 2029-01-01")
    code, output = run_cli(*build_args(mini, "--country", "GB", "--today", "tomorrow"))
    assert_clean_failure(code, output, mini, '--today "tomorrow" is not a date')
