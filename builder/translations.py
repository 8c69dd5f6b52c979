"""Per-document translators: interface strings and content strings, never global state."""

from __future__ import annotations

import gettext as gettext_module
from dataclasses import dataclass, field

from babel import Locale


@dataclass
class Translator:
    """What one document needs to speak its language.

    `ui` holds template strings, `content` holds module blocks keyed by msgctxt = module id.
    `status` is "source", "reviewed" or "draft"; drafts are labelled on the output.
    """

    locale: Locale
    ui: gettext_module.NullTranslations = field(default_factory=gettext_module.NullTranslations)
    content: gettext_module.NullTranslations = field(
        default_factory=gettext_module.NullTranslations)
    status: str = "source"
    missing: set[str] = field(default_factory=set)

    @property
    def code(self) -> str:
        return str(self.locale)

    @property
    def direction(self) -> str:
        return "rtl" if self.locale.text_direction == "rtl" else "ltr"

    @property
    def lang(self) -> str:
        return self.code.replace("_", "-")

    def gettext(self, message: str) -> str:
        return self.ui.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.ui.ngettext(singular, plural, n)

    def text(self, context: str, message: str) -> str:
        """A content block in this language (the source text when untranslated)."""
        return self.content.pgettext(context, message)


def source_translator(code: str = "en") -> Translator:
    return Translator(Locale.parse(code))
