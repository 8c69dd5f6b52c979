"""The one Jinja2 environment factory: autoescape, StrictUndefined, i18n, overlay first."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined


def make_environment(template_dirs: Sequence[Path]) -> Environment:
    """An environment that searches each folder in order (a clinic's overlay before templates/).

    Translations are passed per render (`_` and `gettext` in the context), so one
    environment serves every locale without carrying one locale's strings into the next.
    """
    env = Environment(
        loader=FileSystemLoader([str(d) for d in template_dirs]),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env
