"""What every careprint command shares: the error edge, and options used by several commands.

Kept apart from cli.py so that sub-apps (cli_helplines.py) can use them without importing the
main app, which imports them.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer

from builder.base.errors import CareprintError, Problem
from builder.base.scratch import system_tmp
from builder.base.writer import os_fix
from builder.model.project import find_root

F = TypeVar("F", bound=Callable[..., Any])

RootOption = Annotated[Path | None, typer.Option(
    "--root", help="Project folder holding packs/ and templates/ (default: this checkout).")]
TodayOption = Annotated[str | None, typer.Option(
    "--today", help="Build date YYYY-MM-DD for judging how old numbers are "
                    "(default: SOURCE_DATE_EPOCH, else today).")]
WarnOption = Annotated[int | None, typer.Option(
    "--warn-after-months", help="Warn when a number was last checked more than this many "
                                "months ago (default: the pack's [helplines] setting, 12).")]
FailOption = Annotated[int | None, typer.Option(
    "--fail-after-months", help="Fail when a number was last checked this many months ago "
                                "(default: the pack's [helplines] setting, 24).")]


def say(problem: Problem, root: Path | None) -> None:
    typer.echo(problem.render(root), err=True)


def handled(func: F) -> F:
    """The one error edge: user errors print plainly and exit 1; bugs save a traceback."""
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CareprintError as exc:
            root = _message_root(kwargs.get("root"))
            for problem in exc.problems():
                say(problem, root)
            raise typer.Exit(1) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # Output piped into `head` and closed early: not a bug; silence the final flush.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None
        except OSError as exc:
            # The machine refused a file or folder (no space, read-only, not a folder): the
            # user can fix that, so it is their error, naming the path.
            if exc.filename is None:
                _bug_report()
            say(Problem(f"cannot use this path: {exc.strerror or exc}",
                        Path(str(exc.filename)), fix=os_fix(exc)),
                _message_root(kwargs.get("root")))
            raise typer.Exit(1) from None
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
    typer.echo(f"careprint hit a bug (not a problem with your input). The details are "
               f"in {path}; please attach that file to a bug report.", err=True)
    raise typer.Exit(2) from None
