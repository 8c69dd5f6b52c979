"""What every careprint command shares: the error edge, and options used by several commands.

Kept apart from cli.py so that sub-apps (cli_helplines.py) can use them without importing the
main app, which imports them.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup

from builder.base.errors import CareprintError, Problem
from builder.base.scratch import system_tmp
from builder.base.writer import os_fix, place_of
from builder.model.freshness import build_date
from builder.model.project import find_root

F = TypeVar("F", bound=Callable[..., Any])

# Exit codes, one table for every command (documented in the README):
OK, PROBLEM, USAGE, BUG = 0, 1, 2, 3

# The options several commands take, declared once: the same names, short forms and
# placeholders everywhere (never a Python type name in --help). Help texts say what the option
# means for the command, so the factories take them; `panel` groups build's long --help.


def in_locales(problem: Problem, root: Path) -> bool:
    """A problem inside locales/: a catalog's own, which the translation checks report again
    when they read it (so it need not stop them, and is not said twice)."""
    return problem.file is not None and problem.file.resolve().is_relative_to(
        (root / "locales").resolve()
    )


def root_option() -> Any:
    return typer.Option(
        "--root",
        metavar="FOLDER",
        help="Project folder holding packs/ and templates/ (default: this checkout).",
    )


def country_option(help: str, panel: str | None = None) -> Any:
    return typer.Option("--country", "-c", metavar="CC", rich_help_panel=panel, help=help)


def locale_option(help: str, panel: str | None = None) -> Any:
    return typer.Option("--locale", "-l", metavar="LOCALE", rich_help_panel=panel, help=help)


def product_option(help: str, panel: str | None = None) -> Any:
    return typer.Option("--product", "-p", metavar="PRODUCT", rich_help_panel=panel, help=help)


def out_option(help: str, panel: str | None = None) -> Any:
    return typer.Option("--out", "-o", metavar="FOLDER", rich_help_panel=panel, help=help)


def choice_option(help: str, panel: str | None = None) -> Any:
    """An option taking one of an enum's values, in any case (--paper A4 or a4)."""
    return typer.Option(case_sensitive=False, rich_help_panel=panel, help=help)


def flag_option(name: str, help: str, panel: str | None = None, short: str = "") -> Any:
    """An on/off option such as --force: takes no value, off unless given."""
    return typer.Option(name, *filter(None, [short]), rich_help_panel=panel, help=help)


def jobs_option(help: str, panel: str | None = None) -> Any:
    return typer.Option("--jobs", "-j", min=1, metavar="N", rich_help_panel=panel, help=help)


def json_option(help: str, panel: str | None = None) -> Any:
    return flag_option("--json", help, panel)


def overlay_option(help: str = "", panel: str | None = None) -> Any:
    return typer.Option(
        "--overlay",
        metavar="FOLDER",
        rich_help_panel=panel,
        help=help
        or "A clinic's folder with careprint.toml: its name, contact, logo and colour on every "
        "document (see examples/clinic/).",
    )


def _today(value: str | None) -> str | None:
    """--today is checked while the options are read, so a date that is not one is a usage
    error (exit 2), like --paper A5."""
    if value:
        try:
            build_date(value, {})
        except CareprintError as exc:
            raise typer.BadParameter(str(exc)) from None
    return value


def today_option(panel: str | None = None) -> Any:
    return typer.Option(
        "--today",
        metavar="YYYY-MM-DD",
        callback=_today,
        rich_help_panel=panel,
        help="Build date for judging how old numbers are (default: SOURCE_DATE_EPOCH, else today).",
    )


def warn_option(panel: str | None = None) -> Any:
    return typer.Option(
        "--warn-after-months",
        min=1,
        metavar="MONTHS",
        rich_help_panel=panel,
        help="Warn when a number was last checked more than this many months ago, 1 or more "
        "(default: the pack's \\[helplines] setting, 12).",
    )


def fail_option(panel: str | None = None) -> Any:
    return typer.Option(
        "--fail-after-months",
        min=2,
        metavar="MONTHS",
        rich_help_panel=panel,
        help="Fail when a number was last checked this many months ago, 2 or more "
        "(default: the pack's \\[helplines] setting, 24).",
    )


RootOption = Annotated[Path | None, root_option()]
TodayOption = Annotated[str | None, today_option()]
WarnOption = Annotated[int | None, warn_option()]
FailOption = Annotated[int | None, fail_option()]
OverlayOption = Annotated[Path | None, overlay_option()]


def _no_type_placeholders(params: list[Any]) -> None:
    for param in params:
        if getattr(param, "is_flag", False):
            param.metavar = ""  # a flag takes no value: no "<bool>" beside it in --help
        elif isinstance(param, TyperArgument):
            # An argument's metavar (CC, OLD) already says what to give: no "<str>" column.
            param.display_type_rich = lambda ctx: None  # type: ignore[method-assign]


class Command(TyperCommand):
    """Every careprint command: flags (and -h) show no Python type name in --help."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        _no_type_placeholders([option, *self.params])
        return option


class Group(TyperGroup):
    """Every careprint command group, with the same --help as Command."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        _no_type_placeholders([option, *self.params])
        return option


def say(problem: Problem, root: Path | None) -> None:
    typer.echo(problem.render(root), err=True)


# The signal that stopped the command: Ctrl-C's SIGINT unless stop_on_sigterm saw SIGTERM.
STOPPED_BY = [int(signal.SIGINT)]


def stop_on_sigterm() -> None:
    """Stop on SIGTERM (`kill`, `timeout`, a cancelled CI job) as on Ctrl-C: the build closes
    its ledger, so manifest.json and index.html say what is on disk, instead of dying with
    the journal unread until the next run. Only the careprint process itself: workers come
    from a forkserver, which starts fresh with the default handlers."""

    def stop(signum: int, frame: object) -> None:
        STOPPED_BY[0] = signum
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


def stopped(signum: int) -> NoReturn:
    """Say that a signal stopped the command, and exit 128 + its number (130 for Ctrl-C, 143
    for SIGTERM), as a shell reports a command a signal ended."""
    typer.echo(
        f"careprint: stopped by {signal.Signals(signum).name} before it finished; run the "
        "same command again (a build goes on from the documents it finished)",
        err=True,
    )
    raise typer.Exit(128 + signum)


def handled(func: F) -> F:
    """The one error edge: user errors print plainly and exit 1, usage errors exit 2 (click
    reports them), bugs save a traceback and exit 3."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CareprintError as exc:
            root = _message_root(kwargs.get("root"))
            if kwargs.get("as_json"):
                # --json promises every problem as JSON on stdout, also when the input is
                # refused before any document is made.
                refused = [problem.as_json(root) for problem in exc.problems()]
                print(json.dumps({"event": "refused", "ok": False, "problems": refused}))
            for problem in exc.problems():
                say(problem, root)
            raise typer.Exit(PROBLEM) from None
        except (typer.BadParameter, typer.Exit, typer.Abort):
            raise
        except KeyboardInterrupt as exc:
            # Ctrl-C, or SIGTERM (stop_on_sigterm), outside a batch's typesetting (which
            # finishes what it has in hand first: run/stopping.py), or a second one within it.
            stopped(getattr(exc, "signum", STOPPED_BY[0]))
        except BrokenPipeError:
            # Output piped into `head` and closed early: not a bug; silence the final flush.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None
        except OSError as exc:
            # The machine refused a file or folder (no space, read-only, not a folder): the
            # user can fix that, so it is their error, naming the path, with the fix that
            # fits where it lives (--out only for a command that has one and a path under it).
            if exc.filename is None:
                _bug_report()
            root = _message_root(kwargs.get("root"))
            path = Path(str(exc.filename))
            place = place_of(path, kwargs.get("out"), root)
            say(
                Problem(
                    "CP7009",
                    f"cannot use this path: {exc.strerror or exc}",
                    path,
                    fix=os_fix(exc, place),
                ),
                root,
            )
            raise typer.Exit(PROBLEM) from None
        except Exception:
            _bug_report()

    return wrapper  # type: ignore[return-value]


def _message_root(explicit: Path | None) -> Path | None:
    """The folder paths in messages are shown relative to (None if --root itself is wrong)."""
    try:
        return find_root(explicit)
    except CareprintError:
        return None


def _bug_report() -> NoReturn:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = system_tmp() / f"careprint-crash-{stamp}.txt"
    path.write_text(traceback.format_exc(), encoding="utf-8")
    typer.echo(
        f"careprint hit a bug (not a problem with your input). The details are "
        f"in {path}; please attach that file to a bug report.",
        err=True,
    )
    raise typer.Exit(BUG) from None
