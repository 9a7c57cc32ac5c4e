"""How well the suggestions find the partners a worker would choose: a
data set in the exchange format (``../shared/matching/FORMAT.md``) and its
expected partners (``{"expected": {need's resident ref: [good partner refs]},
"forbidden": [refs who refused matching]}``), scored as

- ``hit@1``, ``hit@3``: the share of expected needs with a good partner
  first, or among the first three;
- ``MRR``: the mean of 1 / the rank of the first good partner (0 when none
  is among the candidates);
- ``forbidden shown``: how many times a forbidden resident is a candidate.

A resident with several open needs counts once: by the best rank of a good
partner over their needs. ``evaluate_matching`` runs it."""

import json
from dataclasses import dataclass, field
from pathlib import Path

from contacts.services.imports import residents_import, residents_read
from matches.management.commands.suggest_matches import suggestions_document


@dataclass
class Evaluation:
    needs: int = 0
    hit1: int = 0
    hit3: int = 0
    reciprocal_ranks: float = 0.0
    forbidden_shown: int = 0
    missed: list = field(default_factory=list)

    @property
    def mrr(self):
        return self.reciprocal_ranks / self.needs if self.needs else 0.0

    def summary(self):
        share = (lambda n: 100.0 * n / self.needs) if self.needs else (lambda n: 0.0)
        return (
            f"needs {self.needs}: hit@1 {share(self.hit1):.1f} %, hit@3 {share(self.hit3):.1f} %,"
            f" MRR {self.mrr:.3f}, forbidden shown {self.forbidden_shown}"
        )


def score(document, expected):
    """The ``Evaluation`` of a ``suggest_matches`` document against
    ``expected`` (see the module docstring). No query."""
    result = Evaluation()
    forbidden = set(expected.get("forbidden", []))
    ranks = {}
    for entry in document["suggestions"]:
        seeker = entry["need"]["resident"]
        shown = [c["resident"] for c in entry["candidates"]]
        result.forbidden_shown += sum(1 for ref in shown if ref in forbidden)
        good = set(expected["expected"].get(seeker, []))
        rank = next((n for n, ref in enumerate(shown, 1) if ref in good), None)
        if seeker in expected["expected"] and rank is not None:
            ranks[seeker] = min(rank, ranks.get(seeker, rank))
    for seeker in expected["expected"]:
        result.needs += 1
        rank = ranks.get(seeker)
        if rank is None:
            result.missed.append((seeker, None))
            continue
        result.hit1 += rank == 1
        result.hit3 += rank <= 3
        result.reciprocal_ranks += 1 / rank
        if rank > 3:
            result.missed.append((seeker, rank))
    return result


def evaluate(*, data_path, expected_path, limit=10):
    """Import ``data_path`` (in the current database: the command gives a
    scratch one), suggest, and score against ``expected_path``."""
    residents_import(data=residents_read(path=data_path))
    expected = json.loads(Path(expected_path).read_text(encoding="utf-8"))
    return score(suggestions_document(limit=limit), expected)
