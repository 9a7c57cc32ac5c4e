"""Every text of the demo's talents and needs is proposed the category it is
filed under (contacts.categorise with contacts.language): the thesaurus and
the analysis must not pull a resident's own words elsewhere."""

import pytest

from contacts.categorise import propose_category
from demo import matches_texts


def _texts():
    for kind in ("TALENTS", "NEEDS"):
        for slug, texts in getattr(matches_texts, kind).items():
            for text in texts:
                yield slug, text if isinstance(text, str) else text[0]


@pytest.mark.django_db
def test_every_demo_text_is_proposed_the_category_it_is_filed_under():
    wrong = [
        (slug, text, getattr(propose_category(text), "slug", None))
        for slug, text in _texts()
        if getattr(propose_category(text), "slug", None) != slug
    ]
    assert wrong == []
