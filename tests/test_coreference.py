"""Each document-level mechanism of `pipelines.resolve.DOCUMENT_MECHANISMS` is what makes its hard cases
(tests/cases/coreference.yaml) pass: turned off, they fail; turned on, they pass."""

from __future__ import annotations

import pytest
from cases.runner import facts, load_cases, problems

from pipelines.resolve import DOCUMENT_MECHANISMS, Mechanisms

# The cases each mechanism alone decides.
DECIDES = {
    "governments": ["leaders-administration-is-their-state"],
    "quoted_speaker": ["quoted-we-imposes-sanctions", "quoted-we-signed-a-deal",
                       "quoted-i-of-a-titled-speaker-will-travel"],
    "titled_subject": ["he-after-a-titled-state-subject-holds-talks"],
    "surname_states": ["surname-of-two-states-is-the-named-states"],
    "definite_titles": ["the-president-is-the-named-president", "the-foreign-minister-is-the-named-foreign-minister"],
    "definite_states": ["the-kingdom-is-the-named-kingdom"],
    "teller_side": ["teller-of-agreed-to-act", "teller-of-agreement-after-talks", "teller-of-signed-accord"],
    "previous_subject_it": ["it-previous-firm-has-orders", "it-previous-state-signs"],
    "earlier_mention": ["earlier-mention-gives-the-partner"],
}
# The files those cases are in (ids are unique across them).
CASE_FILES = ("coreference", "issue-10ak", "issue-10aw")


def test_every_mechanism_has_its_cases() -> None:
    assert set(DECIDES) == set(DOCUMENT_MECHANISMS)


@pytest.mark.parametrize("mechanism", DOCUMENT_MECHANISMS)
def test_cases_fail_without_their_mechanism(mechanism: str) -> None:
    cases = {c.id: c for c in load_cases() if c.file in CASE_FILES}
    for case_id in DECIDES[mechanism]:
        case = cases[case_id]
        assert not problems(case, facts(case.text, case.published)), case_id
        without = facts(case.text, case.published, frozenset({mechanism}))
        assert problems(case, without), f"{case_id} passes without {mechanism}"


def test_unknown_mechanism_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown document mechanism"):
        Mechanisms(frozenset({"telepathy"}))
