"""A BPE chord tokenizer whose merges never cross a chord boundary.

    tok = train_tokenizer([song.text() for song in songs], vocab_size=512)
    tok.save_pretrained("models/chords/mine")          # tokenizer.json, loadable with
    PreTrainedTokenizerFast.from_pretrained("models/chords/mine")

Each chord is its own pre-token, marked "▁" at its start (SentencePiece's Metaspace), so BPE
merges happen inside one chord only: a token is either the start of a chord ("▁Am", "▁F#")
or a piece inside one ("m7", "/B"). melodyGPT's tokenizer merged across chords and so could
emit things like "G77". Section markers (`<verse>`) and the bar line `|` are special tokens.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from chords.corpus import BAR, SECTION_MARKERS, is_chord_token

BOS, EOS, PAD, UNK = "<s>", "</s>", "<pad>", "<unk>"
SPECIAL_TOKENS = [PAD, BOS, EOS, UNK, BAR, *SECTION_MARKERS]
SPACE = "▁"  # marks the first token of every chord
# Every character a house-spelled chord can contain, so any chord encodes without <unk>.
ALPHABET = sorted(set("ABCDEFG#b/" + "0123456789" + "majdimugsd()+" + "add" + "sus" + SPACE))


def chord_runs(tokens: Sequence[str]) -> list[str]:
    """The chord stretches of a song as texts: ["C G Am F", "F G C"] (specials left out)."""
    runs, cur = [], []
    for t in tokens:
        if is_chord_token(t):
            cur.append(t)
        elif cur:
            runs.append(" ".join(cur))
            cur = []
    if cur:
        runs.append(" ".join(cur))
    return runs


def train_tokenizer(songs: Iterable[Sequence[str]], vocab_size: int = 512, min_frequency: int = 2):
    """Train BPE on songs (token lists: markers, bars, chords); returns a PreTrainedTokenizerFast."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    tok = Tokenizer(models.BPE(unk_token=UNK))
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement=SPACE, prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement=SPACE, prepend_scheme="always", split=True)
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        min_frequency=min_frequency,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=ALPHABET,
        show_progress=False,
    )
    tok.train_from_iterator((r for song in songs for r in chord_runs(song)), trainer=trainer)
    return wrap(tok)


def train_chord_tokenizer(songs: Iterable[Sequence[str]], min_count: int = 2):
    """One token per chord symbol (every chord seen `min_count` times or more), plus the specials.

    A word-level model behind the same Metaspace pre-tokenizer as the BPE one, so each token is
    "▁" + a whole chord and everything that reads chord runs (`group_chords`, `decode_chords`,
    the generation trie) works unchanged; the next-chord distribution is one softmax.
    """
    from collections import Counter

    from tokenizers import Tokenizer, decoders, models, pre_tokenizers

    counts = Counter(t for song in songs for t in song if is_chord_token(t))
    chords = sorted((c for c, n in counts.items() if n >= min_count), key=lambda c: (-counts[c], c))
    vocab = {t: i for i, t in enumerate(SPECIAL_TOKENS + [SPACE + c for c in chords])}
    tok = Tokenizer(models.WordLevel(vocab, unk_token=UNK))
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement=SPACE, prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement=SPACE, prepend_scheme="always", split=True)
    return wrap(tok)


def tokenizer_chords(tok) -> list[str]:
    """The chord symbols a tokenizer holds as whole tokens ("▁Am" -> "Am"), in id order."""
    special = set(tok.all_special_tokens)
    pieces = tok.convert_ids_to_tokens(list(range(len(tok))))
    return [p[1:] for p in pieces if p.startswith(SPACE) and p not in special and len(p) > 1]


def is_chord_level(tok) -> bool:
    """True for a one-token-per-chord tokenizer (`train_chord_tokenizer`), False for BPE."""
    return tok.backend_tokenizer.model.__class__.__name__ == "WordLevel"


def wrap(tok):
    from transformers import PreTrainedTokenizerFast

    return PreTrainedTokenizerFast(
        tokenizer_object=tok, bos_token=BOS, eos_token=EOS, pad_token=PAD, unk_token=UNK,
        additional_special_tokens=[BAR, *SECTION_MARKERS],
    )


def load_tokenizer(folder):
    from transformers import PreTrainedTokenizerFast

    return PreTrainedTokenizerFast.from_pretrained(str(folder))


def encode_song(tok, tokens: Sequence[str], bos: bool = True, eos: bool = True) -> list[int]:
    """Ids of one song: <s> + its tokens + </s>.

    Chord stretches are encoded between the special tokens, never across them, so no stray
    "▁" appears before a marker.
    """
    ids: list[int] = []
    cur: list[str] = []
    for t in list(tokens) + [None]:
        if t is not None and is_chord_token(t):
            cur.append(t)
            continue
        if cur:
            ids += tok(" ".join(cur), add_special_tokens=False)["input_ids"]
            cur = []
        if t is not None:
            ids.append(tok.convert_tokens_to_ids(t))
    return ([tok.bos_token_id] if bos else []) + ids + ([tok.eos_token_id] if eos else [])


def group_chords(tok, ids: Sequence[int]) -> list[list[int]]:
    """Split ids into runs, one per chord or special token (a run starts at every "▁" token)."""
    pieces = tok.convert_ids_to_tokens(list(ids))
    special = set(tok.all_special_ids)
    runs: list[list[int]] = []
    for i, p in zip(ids, pieces):
        if i in special or p.startswith(SPACE) or not runs or runs[-1][0] in special:
            runs.append([i])
        else:
            runs[-1].append(i)
    return runs


def decode_chords(tok, ids: Sequence[int]) -> list[str]:
    """Chord symbols in ids (special tokens dropped)."""
    special = set(tok.all_special_ids)
    out = []
    for run in group_chords(tok, ids):
        if run[0] in special:
            continue
        out.append("".join(tok.convert_ids_to_tokens(run)).replace(SPACE, ""))
    return out


@dataclass
class TokenizerStats:
    name: str
    vocab_size: int
    tokens_per_song: float
    single_token_share: float  # of chord occurrences

    def row(self) -> str:
        return f"{self.name:<22} {self.vocab_size:>8} {self.tokens_per_song:>16.1f} {100 * self.single_token_share:>19.1f}%"


TABLE_HEAD = f"{'tokenizer':<22} {'vocab':>8} {'tokens per song':>16} {'single-token chords':>20}"


def tokenizer_stats(
    name: str, vocab_size: int, encode: Callable[[str], list[int]], songs: Sequence[Sequence[str]],
    encode_tokens: Callable[[Sequence[str]], list[int]] | None = None,
) -> TokenizerStats:
    """melodyGPT's comparison: vocab, mean tokens per song, share of chords that are one token.

    `encode(text)` is any tokenizer's encode (ours, or GPT-2's for comparison); a chord is
    encoded as " " + chord, as it appears inside a song. `encode_tokens(song)` counts a whole
    song (default: encode of the song's text).
    """
    encode_tokens = encode_tokens or (lambda song: encode(" ".join(song)))
    total = 0
    cache: dict[str, int] = {}
    single = n = 0
    for song in songs:
        total += len(encode_tokens(song))
        for t in song:
            if not is_chord_token(t):
                continue
            if t not in cache:
                cache[t] = len(encode(" " + t))
            n += 1
            single += cache[t] == 1
    return TokenizerStats(name, vocab_size, total / max(1, len(songs)), single / max(1, n))
