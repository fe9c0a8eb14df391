"""Is this a real word? The check behind "shown lines are made of real words".

    from lyrictui.craft.lexicon import is_word, non_words, common_word
    is_word("tonighter")            # False
    is_word("lovin'")               # True  (a sung spelling of "loving")
    non_words("the six-graps of it")  # ['graps']
    common_word("jerome")           # False: a real word, too rare (or a name) to steer a rhyme to

A word is real when the wordfreq English list gives it a Zipf frequency of at least
`REAL_ZIPF` (3.0: about once per million words; "graps" 1.3, "bine" 1.9, "ess" 2.8 fall
below it, archaic "thee" 4.0 and "o'er" 4.2 pass), or when the song itself uses it (names,
coinages the writer chose). Sung spellings are tried too: "lovin'" -> "loving", "'tis".
Numbers count as words. Hyphenated words are checked part by part, so "six-graps" fails.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

REAL_ZIPF = 3.0  # real word: seen at least ~1 per million words of English
COMMON_ZIPF = 3.8  # a word worth steering a rhyme to: keeps "home"/"roam", drops "jerome"/"shalom"

_TOKEN = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*['\u2019]?|['\u2019][^\W_]+", re.UNICODE)


def words_of(text: str) -> list[str]:
    """The words of a line, hyphenated words split into their parts, lowercased."""
    return [w.lower().replace("\u2019", "'") for w in _TOKEN.findall(text.replace("-", " "))]


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """wordfreq's Zipf frequency of the word or of its most common sung spelling."""
    from wordfreq import zipf_frequency

    w = word.lower().replace("\u2019", "'")
    if w.isdigit():
        return 8.0
    forms = [w]
    if w.endswith("in'"):
        forms.append(w[:-1] + "g")  # lovin' -> loving
    if w.startswith("'"):
        forms.append(w[1:])  # 'tis, 'cause
    if w.endswith("'") and not w.endswith("in'"):
        forms.append(w[:-1])  # goin' handled above; o' / an' / wi' keep their own entries
    return max(zipf_frequency(f, "en") for f in forms if f)


def is_word(word: str, known: frozenset[str] | set[str] = frozenset()) -> bool:
    w = word.lower().replace("\u2019", "'")
    if w in known:
        return True
    if len(w) == 1 and not w.isdigit():
        return w in "aio"  # "s", "l" are frequent as letters, not as words of a line
    return zipf(w) >= REAL_ZIPF


def non_words(text: str, known: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """The words of `text` that are not real words (nor in `known`)."""
    return [w for w in words_of(text) if not is_word(w, known)]


def common_word(word: str) -> bool:
    return zipf(word) >= COMMON_ZIPF


def vocabulary(texts: Iterable[str]) -> frozenset[str]:
    """The words a song already uses: they count as real in its suggestions."""
    return frozenset(w for t in texts for w in words_of(t))
