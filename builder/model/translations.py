"""Per-document translators: interface strings and content strings, never global state."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from babel import Locale


@dataclass
class Translator:
    """What one document needs to speak its language.

    `ui` maps template strings to translations; `content` maps (msgctxt, msgid) to translations,
    msgctxt being the module id. A string with no translation prints in the source language and
    is recorded in `missing`, so the build can say how many fell back (and fail under --strict).
    `status` is "source", "reviewed" or "draft"; drafts are labelled on the output.
    """

    locale: Locale
    ui: Mapping[str, str] = field(default_factory=dict)
    content: Mapping[tuple[str | None, str], str] = field(default_factory=dict)
    helplines: Mapping[tuple[str | None, str], str] = field(default_factory=dict)
    status: str = "source"
    missing: set[tuple[str | None, str]] = field(default_factory=set)
    missing_data: set[tuple[str | None, str]] = field(default_factory=set)
    # Dates, times, day names and list joins: the language for the document's country
    # (regional.formatting_locale); the language alone until a country is known.
    formats: Locale | None = None

    @property
    def regional(self) -> Locale:
        return self.formats or self.locale

    @property
    def code(self) -> str:
        return str(self.locale)

    @property
    def direction(self) -> str:
        return "rtl" if self.locale.text_direction == "rtl" else "ltr"

    @property
    def lang(self) -> str:
        return self.code.replace("_", "-")

    @property
    def is_source(self) -> bool:
        return self.status == "source"

    def gettext(self, message: str) -> str:
        if self.is_source:
            return message
        found = self.ui.get(message)
        if found is None:
            self.missing.add((None, message))
            return message
        return found

    def text(self, context: str, message: str) -> str:
        """A content block in this language (the source text when untranslated)."""
        if self.is_source:
            return message
        found = self.content.get((context, message))
        if found is None:
            self.missing.add((context, message))
            return message
        return found

    def helpline(self, country: str, text: str, record: bool = True) -> str:
        """Helpline data text (a name, cost or instruction) in this language, if translated.

        Data is translated per country (msgctxt = country code); what is not prints as
        written and is recorded, so the build can say so.
        """
        if self.is_source or not text:
            return text
        found = self.helplines.get((country, text))
        if found is None:
            if record:
                self.missing_data.add((country, text))
            return text
        return found

    def helpline_translation(self, country: str, text: str) -> str | None:
        """The catalog's translation of a helpline text, or None if it has none."""
        if self.is_source:
            return None
        return self.helplines.get((country, text))


def source_translator(code: str = "en") -> Translator:
    return Translator(Locale.parse(code))
