"""What every careprint command shares: the error edge and the --root option."""

from __future__ import annotations

import tempfile
import time
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from .errors import CareprintError, Problem
from .project import find_root

F = TypeVar("F", bound=Callable[..., Any])

RootOption = Annotated[Path | None, typer.Option(
    "--root", help="Project folder holding packs/ and templates/ (default: this checkout).")]


def say(problem: Problem, root: Path | None) -> None:
    typer.echo(problem.render(root), err=True)


def handled(func: F) -> F:
    """The one error edge: user errors print plainly and exit 1; bugs save a traceback."""
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CareprintError as exc:
            root = find_root(kwargs.get("root"))
            for problem in exc.problems():
                say(problem, root)
            raise typer.Exit(1) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception:
            stamp = time.strftime("%Y%m%d-%H%M%S")
            path = Path(tempfile.gettempdir()) / f"careprint-crash-{stamp}.txt"
            path.write_text(traceback.format_exc(), encoding="utf-8")
            typer.echo(f"careprint hit a bug (not a problem with your input). The details are "
                       f"in {path}; please attach that file to a bug report.", err=True)
            raise typer.Exit(2) from None
    return wrapper  # type: ignore[return-value]


