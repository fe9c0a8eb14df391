"""Lyrics job, data stage: songs -> prompt-format text -> split by song -> tokens -> packed block files.

    split = ingest_and_split(data_path, run_dir, val_fraction=0.1, seed=0)   # DataError if unusable
    prep = tokenize_and_pack(split, tokenizer, block_size=256)
    train_blocks, val_blocks = load_blocks(prep)                              # memmaps (N, 256)

Streaming throughout: pass 1 reads the songs once (validating them: a `DataError` here
means no model was touched), writes their training text to `songs.jsonl` in the run
folder and keeps one 8-byte split score per song; the split, the tokenizer (when one is
trained) and the packing then stream that file. Memory holds one song and one block
at a time, plus the per-song scores and dedupe keys (24 bytes a song).

The split is by song, never by block, and is training/heldout.py's (the one `lyrictui eval`
uses too): a song's score is a hash of (seed, its text), and the `val_fraction` of songs
with the lowest scores are validation songs.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from lyrictui.atomic import partial_path, write_text
from lyrictui.prompt import song_text
from training.blockfile import open_blocks, write_blocks
from training.heldout import song_score
from training.heldout import CorpusHash, val_threshold
from training.lyrics_data import IngestReport, read_songs
from training.packing import pack_blocks

EOS = "<|endoftext|>"


@dataclass
class PrepResult:
    report: dict[str, Any]  # IngestReport.to_dict()
    summary: str  # what was detected and skipped, for the user
    data_hash: str  # sha256 of every kept song's training text, in order
    songs_train: int = 0
    songs_val: int = 0
    tokens_train: int = 0
    tokens_val: int = 0
    blocks_train: int = 0
    blocks_val: int = 0
    vocab_size: int = 0
    block_size: int = 0
    train_bin: str = ""
    val_bin: str = ""
    val_songs_file: str = ""  # the validation songs' texts (for sample prompts)
    extra: dict[str, Any] = field(default_factory=dict)

    def stats(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("train_bin", "val_bin", "val_songs_file", "summary"):
            d.pop(k)
        return d


def ingest(data: str | Path, run_dir: Path, seed: int) -> tuple[IngestReport, str, list[int]]:
    """Pass 1: validate and write songs.jsonl; returns the report, data hash and split scores."""
    report = IngestReport()
    h = CorpusHash()
    scores: list[int] = []
    run_dir.mkdir(parents=True, exist_ok=True)
    tmp = partial_path(run_dir / "songs.jsonl")  # swept at the next start if this process dies
    with tmp.open("w", encoding="utf-8") as f:
        for song in read_songs(data, report):
            text = song_text(song)
            h.add(text)
            scores.append(song_score(seed, text))
            f.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
    os.replace(tmp, run_dir / "songs.jsonl")
    return report, h.hexdigest(), scores


def iter_split(run_dir: Path, seed: int, threshold: int, want_val: bool) -> Iterator[str]:
    """The training texts of one split, streamed from songs.jsonl in corpus order."""
    with (run_dir / "songs.jsonl").open(encoding="utf-8") as f:
        for ln in f:
            text = json.loads(ln)["text"]
            if (song_score(seed, text) <= threshold) == want_val:
                yield text


def train_bpe(texts: Iterator[str], vocab_size: int, out_dir: Path):
    """A byte-level BPE tokenizer (GPT-2's scheme) trained on `texts`; saved as tokenizer.json.

    Byte-level means any text round-trips exactly, newlines and accents included; the
    one special token `<|endoftext|>` is EOS, BOS and padding, as in GPT-2.
    """
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size, special_tokens=[EOS], min_frequency=2, show_progress=False,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    )
    tok.train_from_iterator(texts, trainer)
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, eos_token=EOS, bos_token=EOS, pad_token=EOS, unk_token=EOS)
    fast.model_max_length = 1_000_000  # the model config, not the tokenizer, bounds the context
    fast.save_pretrained(out_dir)
    return fast


def _token_stream(tokenizer, texts: Iterator[str], counter: list[int], batch: int = 64) -> Iterator[list[int]]:
    """Token ids per song, tokenised in small batches (fast tokenizers parallelise a batch)."""
    buf: list[str] = []

    def flush():
        for ids in tokenizer(buf, add_special_tokens=False)["input_ids"]:
            counter[0] += len(ids) + 1  # + EOS
            yield ids

    for t in texts:
        buf.append(t)
        if len(buf) >= batch:
            yield from flush()
            buf = []
    if buf:
        yield from flush()


@dataclass
class Split:
    """Pass 1's outcome: the validated corpus in the run folder and its split by song."""

    run_dir: Path
    report: IngestReport
    data_hash: str
    seed: int
    threshold: int  # songs with score <= threshold are validation songs
    n_val: int

    def texts(self, val: bool) -> Iterator[str]:
        return iter_split(self.run_dir, self.seed, self.threshold, want_val=val)


def ingest_and_split(data: str | Path, run_dir: Path, val_fraction: float, seed: int) -> Split:
    """Read and validate the data (DataError when unusable) and fix the split; touches no model."""
    report, data_hash, scores = ingest(data, run_dir, seed)
    thr = val_threshold(scores, val_fraction)
    return Split(run_dir, report, data_hash, seed, thr, sum(1 for s in scores if s <= thr))


def tokenize_and_pack(split: Split, tokenizer: Any, block_size: int, reuse: bool = False,
                      echo: Callable[[str], None] = lambda s: None) -> PrepResult:
    """Tokenise both splits (EOS after each song) into train.bin / val.bin of `block_size` blocks.

    With `reuse`, block files made earlier from the same data hash and settings are kept
    (a resumed run). Validation keeps its ragged end as one overlapping block (see packing).
    """
    run_dir = split.run_dir
    eos = tokenizer.eos_token_id
    vocab = len(tokenizer)
    key = {"data_hash": split.data_hash, "block_size": block_size, "threshold": split.threshold,
           "seed": split.seed, "vocab": vocab}
    prep_file = run_dir / "prep.json"
    if reuse and prep_file.is_file():
        old = json.loads(prep_file.read_text("utf-8"))
        if old.get("key") == key:
            echo("Reusing the tokenised data of the interrupted run.")
            return PrepResult(**old["result"])
    report = split.report
    res = PrepResult(report=report.to_dict(), summary=report.summary(), data_hash=split.data_hash,
                     songs_train=report.songs - split.n_val, songs_val=split.n_val, vocab_size=vocab,
                     block_size=block_size, train_bin=str(run_dir / "train.bin"), val_bin=str(run_dir / "val.bin"),
                     val_songs_file=str(run_dir / "val_songs.jsonl"))
    kept: list[str] = []  # the first validation songs, for sample prompts

    def keep(it: Iterator[str]) -> Iterator[str]:
        for t in it:
            if len(kept) < 64:
                kept.append(t)
            yield t

    for name, val in (("train", False), ("val", True)):
        count = [0]
        texts = keep(split.texts(True)) if val else split.texts(False)
        n = write_blocks(pack_blocks(_token_stream(tokenizer, texts, count), block_size, eos, drop_last=not val),
                         run_dir / f"{name}.bin", block_size, vocab)
        setattr(res, f"tokens_{name}", count[0])
        setattr(res, f"blocks_{name}", n)
    write_text(res.val_songs_file, "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in kept))
    write_text(prep_file, json.dumps({"key": key, "result": asdict(res)}, indent=2))
    return res


def load_prepared(run_dir: Path) -> PrepResult:
    """The data stage's result written by rank 0 (other DDP ranks read it)."""
    return PrepResult(**json.loads((run_dir / "prep.json").read_text("utf-8"))["result"])


def load_blocks(res: PrepResult):
    return (open_blocks(res.train_bin, res.block_size, res.vocab_size),
            open_blocks(res.val_bin, res.block_size, res.vocab_size))


def val_texts(res: PrepResult) -> list[str]:
    p = Path(res.val_songs_file)
    if not p.is_file():
        return []
    return [json.loads(ln)["text"] for ln in p.read_text("utf-8").splitlines() if ln.strip()]
