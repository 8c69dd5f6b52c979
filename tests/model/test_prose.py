"""Reader-facing text units carry the line a writer must edit, header and body alike."""

from builder.base.errors import ProblemList
from builder.model.packs import load_pack
from builder.model.prose import module_units, toml_units

from ..conftest import MiniProject

MODULE = """\
+++
id = "first"
title = "First things"
action = "Say \\"I'm here\\" and mean it."
key_points = [
  "Listen first.",
  "Say \\"thank you\\" when they share.",
]
+++

A paragraph that **wraps**
over two lines, with a [link](https://example.org).

## Heading

- One item
- Two items
"""


def test_module_units_in_reading_order_with_lines(mini: MiniProject) -> None:
    mini.write_module_text("first", MODULE)
    problems = ProblemList()
    pack = load_pack(mini.pack, problems)
    assert pack is not None and not problems.errors, problems.items
    units = module_units(pack.modules[0])
    assert [(u.kind, u.line) for u in units] == [
        ("title", 3),
        ("paragraph", 11),
        ("heading", 14),
        ("item", 16),
        ("item", 17),
        ("action", 4),
        ("key-point", 6),
        ("key-point", 7),
    ]
    paragraph = units[1]
    assert paragraph.plain == "A paragraph that wraps over two lines, with a link."
    assert paragraph.line_at(paragraph.text.index("wraps")) == 11
    assert paragraph.line_at(paragraph.text.index("over")) == 12
    assert paragraph.line_at(paragraph.text.index("link")) == 12
    assert units[7].plain == 'Say "thank you" when they share.'


def test_toml_units_point_at_list_items(mini: MiniProject) -> None:
    units = toml_units(mini.pack / "card.toml")
    lines = {u.text: u.line for u in units}
    assert lines["If you need to talk now"] == 1
    assert lines["Listen without judging."] == 5 and lines["Be patient."] == 5
    assert lines["Clinic number"] == 7
