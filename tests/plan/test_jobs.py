from __future__ import annotations

from builder.base.errors import Problem
from builder.plan.jobs import DocumentJob, Refused, refuse, refuse_all
from builder.plan.paper import paper_for


def _job(country: str) -> DocumentJob:
    return DocumentJob("partner-support", country, "en", "card", paper_for(country))


def test_refusals_of_two_checks_keep_every_reason_of_a_document_both_refused() -> None:
    draft = Problem("CP4101", "fr is a draft")
    old = Problem("CP3102", "a number was checked long ago")
    gb, us = _job("GB"), _job("US")
    refused: Refused = {}
    refuse(refused, gb, draft)
    refuse_all(refused, {gb: (old, draft), us: (old,)})
    assert refused == {gb: (draft, old), us: (old,)}
