"""The PDF text helper: the same bytes are read once a run, and read back exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from . import pdftext
from .conftest import RUN_FOLDER


def test_a_pdfs_text_is_extracted_once_a_run_and_kept_exactly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(RUN_FOLDER, str(tmp_path / "run"))
    (tmp_path / "run").mkdir()
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.7 not really")
    # Line ends of every kind, a soft hyphen and a lone surrogate: read back as written.
    odd = "one\r\ntwo\rthree\nfour\u00ad\ud800 five"
    extracted: list[bytes] = []

    def extract(data: bytes) -> str:
        extracted.append(data)
        return odd

    monkeypatch.setattr(pdftext, "_extract", extract)
    monkeypatch.setattr(pdftext, "_TEXTS", {})
    assert pdftext.text_of(pdf) == odd
    monkeypatch.setattr(pdftext, "_TEXTS", {})  # another worker of the same run
    assert pdftext.text_of(pdf) == odd
    assert extracted == [pdf.read_bytes()]
    pdf.write_bytes(b"%PDF-1.7 rebuilt")  # other bytes: read afresh
    assert pdftext.text_of(pdf) == odd
    assert len(extracted) == 2
