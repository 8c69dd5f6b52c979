"""The text a document prints, as the font coverage check sees it."""

from builder.render.boxspec import printed_text
from builder.typeset.fonts import missing_characters


def test_coverage_check_names_uncovered_characters() -> None:
    text = printed_text("<style>p { content: '\U0001f600' }</style><p>ok \U0001f600 日本</p>")
    assert missing_characters(text) == ["\U0001f600"]
