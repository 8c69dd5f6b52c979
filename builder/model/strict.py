"""The one strict base of careprint's data-file models, and the field types they share.

Strict: unknown keys are errors (a typo must not pass silently), models are frozen once loaded,
and fields the loader fills in (exclude=True: dial, path, lines) are refused in data files.
CountryCode and TimeZone are checked the same way wherever a data file names one (helpline
files, a clinic's careprint.toml).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, model_validator

from builder.base.wording import country_problem


def check_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f'"{value}" is not an IANA time zone like "Europe/London"') from exc
    return value


def web_address(value: str) -> str:
    """A full http(s) address: printed as a link and put in QR codes, so nothing else
    (javascript:, a bare name, a file path) gets through."""
    parsed = urlparse(value)
    if (
        parsed.scheme not in ("https", "http")
        or not parsed.netloc
        or any(c.isspace() or not c.isprintable() for c in value)
    ):
        raise ValueError(
            f'"{value}" is not a web address: write it in full, starting with https://'
        )
    return value


def check_country(value: str) -> str:
    if (problem := country_problem(value)) is not None:
        raise ValueError(problem)
    return value


CountryCode = Annotated[str, AfterValidator(check_country)]
TimeZone = Annotated[str, AfterValidator(check_zone)]


class Strict(BaseModel):
    """Unknown keys are errors, loaded models are frozen, loader-filled fields are refused."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _no_internal_keys(cls, data: Any) -> Any:
        """Fields filled in by the loader (dial, path) are not for data files."""
        if isinstance(data, dict):
            for name, field in cls.model_fields.items():
                if field.exclude and name in data:
                    raise ValueError(f'"{name}" is not a key for data files; remove it')
        return data
