"""The CLI edge: bad input is one clear line with file (and line), exit 1, nothing written."""

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from ..conftest import MiniProject
from ..pdftext import flat_text

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
    assert_clean_failure(
        code, output, mini, "packs/helplines/GB.toml:27", "unknown key", 'did you mean "value"?'
    )


def test_pack_lists_missing_module(mini: MiniProject, run_cli: Run) -> None:
    mini.write_pack(["first", "nowhere", "help"])
    code, output = run_cli(*build_args(mini, "--country", "GB"))
    assert_clean_failure(
        code,
        output,
        mini,
        "packs/mini/pack.toml:5",
        'module "nowhere"',
        "create modules/nowhere.md",
    )


def test_invalid_number(mini: MiniProject, run_cli: Run) -> None:
    path = mini.helplines / "GB.toml"
    path.write_text(path.read_text().replace('"116 123"', '"0300 123"'))
    code, output = run_cli(*build_args(mini, "--country", "GB"))
    assert_clean_failure(
        code, output, mini, "packs/helplines/GB.toml:27", "not a valid number for GB"
    )


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
    code, output = run_cli(
        *build_args(mini, "--country", "GB", "--product", "card-sheet", "--allow-stale")
    )
    assert code == 0, output
    assert "warning CP3103 packs/helplines/GB.toml:11: emergency: last compared with its " in output
    assert "Numbers may be out of date." in flat_text(mini.root / "out/mini/GB/en/card-sheet.pdf")
    # The document itself says so in its manifest entry and catalogue card, not only the log.
    entry = json.loads((mini.root / "out/manifest.json").read_text())["documents"]
    warnings = entry["mini/GB/en/card-sheet.pdf"]["warnings"]
    assert [w.split(" ", 2)[1] for w in warnings] == ["CP3103"], warnings
    assert "past the age limit of 24 months" in warnings[0]
    assert "mini/GB/en/card-sheet: " in (mini.root / "out/index.html").read_text()


def test_old_numbers_are_a_warning_on_each_document(mini: MiniProject, run_cli: Run) -> None:
    args = build_args(mini, "--country", "GB", "--product", "card-sheet", "--today", "2028-01-01")
    code, output = run_cli(*args)
    assert code == 0, output
    entry = json.loads((mini.root / "out/manifest.json").read_text())["documents"]
    warnings = entry["mini/GB/en/card-sheet.pdf"]["warnings"]
    assert [w.split(" ", 2)[1] for w in warnings] == ["CP3102"], warnings
    assert "oldest checked 2026-11-01) checked longer ago than 12 months" in warnings[0]


def test_every_document_of_a_country_says_its_numbers_are_old(
    mini: MiniProject, run_cli: Run
) -> None:
    """A country's old rows are judged once per build, not per document: every document of
    that country still carries the warning in its manifest entry, naming itself and its own
    country's file and oldest row (GB's rows are older than US's here)."""
    gb = mini.helplines / "GB.toml"
    gb.write_text(gb.read_text().replace("checked = 2026-11-01", "checked = 2026-05-01", 1))
    args = build_args(
        mini,
        *("--country", "GB,US", "--product", "card-sheet,handout"),
        *("--today", "2028-01-01", "--jobs", "1"),
    )
    code, output = run_cli(*args)
    assert code == 0, output
    documents = json.loads((mini.root / "out/manifest.json").read_text())["documents"]
    oldest = {"GB": "2026-05-01", "US": "2026-11-01"}
    assert len(documents) == 4
    for path, entry in documents.items():
        country = path.split("/")[1]
        label = path.removesuffix(".pdf")
        warnings = [w for w in entry["warnings"] if w.split(" ", 2)[1] == "CP3102"]
        assert len(warnings) == 1, (path, entry["warnings"])
        assert f"packs/helplines/{country}.toml: {label}: 2 of its country's rows " in warnings[0]
        assert f"(oldest checked {oldest[country]}) checked longer ago than" in warnings[0]


def test_today_option(mini: MiniProject, run_cli: Run) -> None:
    code, output = run_cli(*build_args(mini, "--country", "GB", "--today", "2029-01-01"))
    assert_clean_failure(code, output, mini, "26 months before 2029-01-01")
    code, output = run_cli(*build_args(mini, "--country", "GB", "--today", "tomorrow"))
    assert code == 2, output  # a bad option value, like --paper A5 (README's exit codes)
    assert '--today "tomorrow" is not a date' in output
    assert not (mini.root / "out").exists()


def test_all_cannot_be_mixed_with_a_selection(mini: MiniProject, run_cli: Run) -> None:
    code, output = run_cli(*build_args(mini, "--all", "--country", "GB"))
    assert code == 2, output  # a usage error, like an unknown option
    assert "--all builds every document" in output and "--country" in output
    assert not (mini.root / "out").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["--jobs", "0"],
        ["-j", "-1"],
        ["--warn-after-months", "0"],
        ["--fail-after-months", "1"],
        ["--paper", "A5"],
        ["--today", "2026-13-01"],
        ["--duplex", "sideways"],
        ["--no-such-option"],
        ["-q", "-v"],
    ],
)
def test_bad_option_values_exit_2_like_unknown_options(
    mini: MiniProject, run_cli: Run, args: list[str]
) -> None:
    code, output = run_cli(*build_args(mini, "--country", "GB", *args))
    assert code == 2, output
    assert "Traceback" not in output
    assert not (mini.root / "out").exists()


def test_choices_ignore_case_and_short_options_work(mini: MiniProject, run_cli: Run) -> None:
    # Parsed (exit 1 for the unknown country, not 2 for the options): A4 and SHORT-EDGE are taken.
    code, output = run_cli(
        "build",
        "--root",
        str(mini.root),
        "-o",
        str(mini.root / "out"),
        "-c",
        "XX",
        "-l",
        "en",
        "-p",
        "handout",
        "-j",
        "1",
        "--paper",
        "A4",
        "--duplex",
        "SHORT-EDGE",
    )
    assert_clean_failure(code, output, mini, "packs/helplines/XX.toml")


def test_names_ignore_case_too(mini: MiniProject, run_cli: Run) -> None:
    # A pack, locale or product typed in another case is the one the project has (README:
    # "Choices ignore case"), not a new locale to start or an unknown product.
    code, output = run_cli(
        *build_args(mini, "--pack", "MINI", "-c", "gb", "-l", "EN", "-p", "Card-Sheet", "-q")
    )
    assert code == 0, output
    assert [
        p.relative_to(mini.root / "out").as_posix() for p in mini.root.glob("out/**/*.pdf")
    ] == ["mini/GB/en/card-sheet.pdf"]


def test_help_version_and_the_exit_code_table(run_cli: Run) -> None:
    code, output = run_cli("-h")
    assert (
        code == 0
        and "Exit codes: 0 ok, 1 a document or input problem, 2 usage, 3 a bug"
        in " ".join(output.split())
    ), output
    code, output = run_cli("build", "-h")
    assert code == 0 and "--country" in output and "-c" in output
    assert "<bool>" not in output and "list[str]" not in output, output
    code, output = run_cli("-V")
    assert code == 0 and output.startswith("careprint "), output


def test_a_bug_exits_3_with_a_report(
    mini: MiniProject, run_cli: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The report goes to the system's temporary folder: here the test's own, so that a run
    of the suite leaves no careprint-crash-*.txt in /tmp (each run left one)."""

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("builder.cli.app.find_root", broken)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    code, output = run_cli(*build_args(mini, "--country", "GB"))
    assert code == 3 and "careprint hit a bug" in output, output
    (report,) = tmp_path.glob("careprint-crash-*.txt")
    assert str(report) in output, output
    assert "RuntimeError: a bug" in report.read_text(encoding="utf-8")


def test_batch_file_errors_name_file_and_line(mini: MiniProject, run_cli: Run) -> None:
    batch = mini.root / "batch.toml"
    batch.write_text('countries = ["GB", "XX"]\nproduct = ["handout"]\n')
    code, output = run_cli(*build_args(mini, "--batch", str(batch)))
    assert_clean_failure(code, output, mini, 'batch.toml:2: unknown key "product"')
    batch.write_text('countries = ["GB", "XX"]\n')
    code, output = run_cli(*build_args(mini, "--batch", str(batch)))
    assert_clean_failure(code, output, mini, 'batch.toml:1: countries: unknown "XX"')


def test_batch_file_builds_its_selection_then_nothing(mini: MiniProject, run_cli: Run) -> None:
    batch = mini.root / "batch.toml"
    batch.write_text('countries = "all"\nlocales = "default"\nproducts = ["card-sheet"]\n')
    code, output = run_cli(*build_args(mini, "--batch", str(batch), "--jobs", "1"))
    assert code == 0, output
    assert "built     mini/GB/en/card-sheet" in output and "handout" not in output
    assert (mini.root / "out" / "index.html").is_file()
    code, output = run_cli(*build_args(mini, "--batch", str(batch), "--jobs", "1"))
    assert code == 0 and "Nothing to rebuild: every document is up to date." in output
    # A log lists what changed and counts the rest; --verbose lists every document.
    assert "2 unchanged" in output and "unchanged mini/US/en/card-sheet" not in output
    code, output = run_cli(*build_args(mini, "--batch", str(batch), "--jobs", "1", "-v"))
    assert code == 0 and "unchanged mini/US/en/card-sheet" in output


def test_json_gives_one_event_per_document_and_a_summary(mini: MiniProject, run_cli: Run) -> None:
    code, output = run_cli(*build_args(mini, "--all", "--jobs", "1", "--json"))
    assert code == 0, output
    events = [json.loads(line) for line in output.splitlines()]
    documents = [e for e in events if e["event"] == "document"]
    assert sorted(e["path"] for e in documents) == [
        "mini/GB/en/card-sheet.pdf",
        "mini/GB/en/handout.pdf",
        "mini/US/en/card-sheet.pdf",
        "mini/US/en/handout.pdf",
    ]
    assert {e["status"] for e in documents} == {"built"}
    assert events[-1]["event"] == "summary" and events[-1]["built"] == 4 and events[-1]["ok"]


def test_json_gives_the_problems_of_a_refused_input_too(mini: MiniProject, run_cli: Run) -> None:
    """An input refused before any document is made (a helpline file's typo) still answers
    --json: one "refused" event with each problem, as the README promises."""
    path = mini.helplines / "US.toml"
    path.write_text(path.read_text().replace('value = "988"', 'valu = "988"'))
    code, output = run_cli(*build_args(mini, "--all", "--jobs", "1", "--json"))
    assert code == 1, output
    events = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    assert [e["event"] for e in events] == ["refused"] and events[0]["ok"] is False
    problems = events[0]["problems"]
    assert all(p["file"].endswith("US.toml") and p["line"] for p in problems), problems
    assert any("valu" in p["message"] + p["fix"] for p in problems), [
        p["message"] for p in problems
    ]
    assert not (mini.root / "out").exists()


def test_a_failed_document_exits_1_with_a_summary(mini: MiniProject, run_cli: Run) -> None:
    card = mini.pack / "card.toml"
    card.write_text(card.read_text().replace('"Be patient."', '"' + "Be patient. " * 80 + '"'))
    code, output = run_cli(*build_args(mini, "--country", "GB", "--jobs", "1"))
    assert code == 1 and "Traceback" not in output
    assert "failed documents" in output and "mini/GB/en/card-sheet" in output
    assert (mini.root / "out" / "mini/GB/en/handout.pdf").is_file()


def test_manifest_merge_joins_shards(mini: MiniProject, run_cli: Run) -> None:
    for k in (1, 2):
        code, output = run_cli(
            "build",
            "--root",
            str(mini.root),
            "--out",
            str(mini.root / f"shard{k}"),
            "--shard",
            f"{k}/2",
            "--jobs",
            "1",
            "--product",
            "card-sheet",
        )
        assert code == 0, output
    code, output = run_cli(
        "manifest",
        "merge",
        str(mini.root / "shard1"),
        str(mini.root / "shard2"),
        "--out",
        str(mini.root / "site"),
        "--root",
        str(mini.root),
    )
    assert code == 0, output
    merged = json.loads((mini.root / "site" / "manifest.json").read_text())["documents"]
    assert sorted(merged) == ["mini/GB/en/card-sheet.pdf", "mini/US/en/card-sheet.pdf"]
    assert (mini.root / "site" / "index.html").is_file()


@pytest.mark.parametrize(
    "given,said",
    [
        ("ca-ES", '"ca-ES" is not a locale folder name: use "ca_ES"'),
        ("xx", '"xx" is not a locale Babel knows'),
        ("sq_XX", '"sq_XX" is not a locale Babel knows'),
    ],
)
def test_starting_a_language_with_a_code_that_is_not_one_is_a_usage_error(
    mini: MiniProject, run_cli: Run, given: str, said: str
) -> None:
    """A volunteer starting Catalan as "ca-ES" (or a code Babel does not know) got "careprint
    hit a bug" and a crash file, after the templates were already rewritten."""
    locales = mini.root / "locales"
    before = {p: p.stat().st_mtime_ns for p in locales.rglob("*")} if locales.exists() else {}
    code, output = run_cli("i18n", "update", "--root", str(mini.root), "--locale", given)
    assert code == 2 and said in " ".join(output.replace("│", " ").split()), output
    after = {p: p.stat().st_mtime_ns for p in locales.rglob("*")} if locales.exists() else {}
    assert after == before  # nothing written, templates included


def test_a_new_language_code_in_capitals_names_the_folder_as_careprint_does(
    mini: MiniProject, run_cli: Run
) -> None:
    code, output = run_cli("i18n", "update", "--root", str(mini.root), "--locale", "CA")
    assert code == 0, output
    assert [p.parent.parent.name for p in (mini.root / "locales").glob("*/*/ui.po")] == ["ca"]


@pytest.mark.parametrize(
    "given,fix",
    [
        ("ca-ES", 'start it: careprint i18n update --locale ca_ES --credit "Your Name"'),
        ("CA", 'start it: careprint i18n update --locale ca --credit "Your Name"'),
        ("xx", '"xx" is not a locale Babel knows'),
    ],
)
@pytest.mark.parametrize("command", [("build",), ("i18n", "stats")])
def test_a_locale_not_started_is_told_the_command_that_starts_it(
    mini: MiniProject, run_cli: Run, command: tuple[str, ...], given: str, fix: str
) -> None:
    """build (CP5005) and i18n stats (CP4301) told a volunteer who typed ca-ES to run
    `i18n update --locale ca-ES`, which refuses that code: the command they show now works."""
    code, output = run_cli(*command, "--root", str(mini.root), "--locale", given)
    said = " ".join(output.replace("│", " ").split())
    assert code == 1 and fix in said, output
    assert "--locale ca-ES" not in said
