"""Peak memory of lyric data preparation as the corpus grows: it should stay flat.

    .venv/bin/python bench/memory.py                        # 10 MB and 100 MB corpora
    .venv/bin/python bench/memory.py --sizes 10,100,1000    # + the 1 GB row (tens of minutes on 2 cores)
    .venv/bin/python bench/memory.py --before ../main       # a column for another checkout's code

Each size is a generated single `.txt` corpus (songs of 8-line stanzas, blank lines
between them, one file: the shape that used to be read as one song), written under
--tmp and deleted afterwards. Data preparation is what `lyrictui train lyrics` does before
any model loads: read and validate every song, write songs.jsonl, split by song, tokenise
(GPT-2's tokenizer, offline) and pack train.bin / val.bin. Each run is a fresh child process;
its peak resident memory comes from the kernel (os.wait4's ru_maxrss), as `/usr/bin/time -v`
reports it. A run passing --cap-mb is killed (a watchdog reads its RSS) and shown as `> cap`:
the old reader takes ~11 GB on the 1 GB corpus, more than a shared machine should lend it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("night light road home rain again heart apart fire desire sea free day away river shiver "
         "morning evening silver golden thunder wonder shadow meadow summer winter letter never").split()

CHILD = """
import json, sys, time
from pathlib import Path
from lyrictui.gpt2_tokenizer import gpt2_tokenizer
from training.lyrics_prep import ingest_and_split, tokenize_and_pack
data, run, stage = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
t = time.perf_counter()
split = ingest_and_split(data, run, 0.1, 0)
tokens = "-"
if stage == "prep":
    prep = tokenize_and_pack(split, gpt2_tokenizer(), 256)
    tokens = prep.tokens_train + prep.tokens_val
print(json.dumps({"songs": split.report.songs, "tokens": tokens, "seconds": time.perf_counter() - t}))
"""


def make_corpus(path: Path, mb: int, seed: int = 0) -> None:
    """A single .txt of ~mb MB: titled songs of 8-line stanzas (a pool of lines, sampled fast)."""
    rng = random.Random(seed)
    pool = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 8))) for _ in range(20_000)]
    target = mb * 2**20
    with path.open("w", encoding="utf-8") as f:
        n = 0
        while f.tell() < target:
            stanzas = ["\n".join(rng.choices(pool, k=8)) for _ in range(4)]
            f.write(f"Song {n}\n\n" + "\n\n".join(stanzas) + "\n\n\n")
            n += 1


def _rss_kb(pid: int) -> int:
    try:
        for ln in Path(f"/proc/{pid}/status").read_text().splitlines():
            if ln.startswith("VmRSS:"):
                return int(ln.split()[1])
    except OSError:
        pass
    return 0


def measure(checkout: Path, data: Path, run_dir: Path, cap_mb: int, timeout_s: int, stage: str = "prep") -> dict:
    """Run data preparation with `checkout`'s code in a child; its peak RSS and result."""
    env = dict(os.environ, PYTHONPATH=str(checkout), HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="true")
    shutil.rmtree(run_dir, ignore_errors=True)
    t0 = time.perf_counter()
    errf = tempfile.TemporaryFile("w+")  # a file, not a pipe: a chatty child never blocks on it
    p = subprocess.Popen([sys.executable, "-c", CHILD, str(data), str(run_dir), stage], cwd=checkout, env=env,
                         stdout=subprocess.PIPE, stderr=errf, text=True)
    capped = []

    def watch():
        while p.poll() is None:
            if cap_mb and _rss_kb(p.pid) > cap_mb * 1024:
                capped.append(True)
                p.kill()
            elif time.perf_counter() - t0 > timeout_s:
                p.kill()
            time.sleep(0.2)

    threading.Thread(target=watch, daemon=True).start()
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)  # this child's own rusage (RUSAGE_CHILDREN would mix runs)
    errf.seek(0)
    err = errf.read()
    p.returncode = os.waitstatus_to_exitcode(status)
    shutil.rmtree(run_dir, ignore_errors=True)
    row = {"peak_mb": usage.ru_maxrss / 1024, "wall_s": time.perf_counter() - t0, "rc": p.returncode}
    if capped:
        row["note"] = f"killed above {cap_mb:,} MB"
    elif p.returncode != 0:
        last = (err.strip().splitlines() or ["?"])[-1]
        row["note"] = f"failed: {last[:80]}"
    else:
        row.update(json.loads(out.strip().splitlines()[-1]))
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10,100", help="corpus sizes in MB (add 1000 for the 1 GB row)")
    ap.add_argument("--before", type=Path, help="another checkout whose code fills a 'before' column")
    ap.add_argument("--tmp", type=Path, default=Path(tempfile.gettempdir()), help="where corpora are generated")
    ap.add_argument("--cap-mb", type=int, default=4000, help="kill a run whose RSS passes this (0: no cap)")
    ap.add_argument("--timeout", type=int, default=3600, help="seconds per run")
    ap.add_argument("--stage", choices=["prep", "read"], default="prep",
                    help="prep: read, split, tokenise and pack; read: read, validate and split only (the reader's "
                         "memory, without the tokeniser's hour on 1 GB and 2 cores)")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="lyrictui-bench-memory-", dir=args.tmp))
    cols = [("this checkout", ROOT)] + ([("before", args.before.resolve())] if args.before else [])
    print(f"stage: {args.stage}")
    print(f"{'corpus':>8} {'code':>14} {'peak RSS MB':>12} {'wall s':>8} {'songs':>9} {'tokens':>12}  note")
    try:
        for mb in (int(s) for s in args.sizes.split(",")):
            data = work / f"corpus-{mb}mb.txt"
            make_corpus(data, mb)
            for name, checkout in cols:
                r = measure(checkout, data, work / "run", args.cap_mb, args.timeout, args.stage)
                print(f"{mb:>6}MB {name:>14} {r['peak_mb']:>12,.0f} {r['wall_s']:>8.1f} {r.get('songs', '-'):>9} "
                      f"{r.get('tokens', '-'):>12}  {r.get('note', '')}", flush=True)
            data.unlink()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
