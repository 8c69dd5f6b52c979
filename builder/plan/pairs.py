"""Language pairs: a bilingual edition is planned as one document whose locale is "es+en".

How its pages are made is in typeset/facing.py.
"""

from __future__ import annotations

PAIR = "+"
# Products with a bilingual edition; others are built one language at a time. The handout
# faces its languages on facing pages (typeset/facing.py); the wallet cards print both
# languages on each face (typeset/paircard.py).
CARD_PRODUCTS = ("card", "card-sheet", "card-fold")
PAIR_PRODUCTS = ("handout", *CARD_PRODUCTS)


def locale_parts(locale: str) -> tuple[str, ...]:
    """ "es+en" -> ("es", "en"); a single locale -> (locale,)."""
    return tuple(locale.split(PAIR))


def is_pair(locale: str) -> bool:
    return PAIR in locale


def pair_of(locale: str, with_locale: str | None) -> str:
    """The edition a build makes for `locale` given `--with`: the pair, or the locale alone
    when it is the --with language itself (or no --with was given)."""
    if not with_locale or locale == with_locale or is_pair(locale):
        return locale
    return f"{locale}{PAIR}{with_locale}"
