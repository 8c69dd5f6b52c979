"""careprint: printable support packs (handouts, wallet cards) from content and helplines."""

__version__ = "0.1.0"
