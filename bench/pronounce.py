"""How right is the pronunciation fallback on words it has never seen?

    .venv/bin/python bench/pronounce.py            # 3,000 held-out dictionary words
    .venv/bin/python bench/pronounce.py -n 500

Held-out words: a seeded 10% of the CMU dictionary's alphabetic words. Each is looked up
as if missing from the dictionary. Rows:
- rules: letter-to-sound rules alone;
- rules+endings: the rules with the ending model trained on the other 90%;
- chain: the whole fallback (spelling variants, stems, compounds, rules, endings).
A guess counts as right when it matches any of the word's dictionary pronunciations:
same syllable count, and (separately) the same rhyming part (stress dropped).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lyrictui.craft.lts import SuffixRhymer, letters_to_phones, splice  # noqa: E402
from lyrictui.craft.pronounce import Phones, dictionary, guess_phones, syllables_of  # noqa: E402
from lyrictui.craft.rhymes import rhyme_key  # noqa: E402


def measure(n: int = 3000, seed: int = 0) -> list[tuple[str, int, float, float]]:
    """(row, n words, syllable accuracy, rhyme accuracy) for each fallback stage."""
    d = dictionary()
    words = sorted(w for w in d if w.isalpha() and len(w) > 1)
    random.Random(seed).shuffle(words)
    cut = len(words) // 10
    heldout, train = words[:cut], words[cut:]
    model = SuffixRhymer().fit((w, d[w][0]) for w in train)
    sample = heldout[:n]

    def with_endings(w: str) -> Phones:
        key = model.predict(w)
        return splice(letters_to_phones(w), key) if key else letters_to_phones(w)

    rows = []
    for name, guess_of in (
        ("rules", letters_to_phones),
        ("rules+endings", with_endings),
        ("chain", lambda w: guess_phones(w, exclude=w, model=model)),
    ):
        syl = rhy = 0
        for w in sample:
            guess = guess_of(w)
            syl += any(syllables_of(guess) == syllables_of(t) for t in d[w])
            rhy += any(rhyme_key(guess) == rhyme_key(t) for t in d[w])
        rows.append((name, len(sample), syl / len(sample), rhy / len(sample)))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=3000, help="held-out words to score (default 3000)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    print("| fallback | n words | syllables right | rhyme right |\n|---|---|---|---|")
    for name, n, syl, rhy in measure(args.n, args.seed):
        print(f"| {name} | {n} | {syl:.1%} | {rhy:.1%} |")


if __name__ == "__main__":
    main()
