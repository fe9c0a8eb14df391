"""Songs for the song-file tests: a hand-made one, hard edge cases, and random ones."""

from __future__ import annotations

import random

from lyrictui.song.model import FACTS, LINE_KINDS, ChordPlacement, Line, Section, Song

CHORDS = ["C", "G", "Am", "F", "Em7", "D/F#", "Bbmaj7", "Csus4", "F#m7b5", "Dm(add9)", "N.C."]
# Every kind of text a writer may type or paste.
TEXTS = [
    "Headlights on the water",
    "Ünïcödé façade naïve",
    "中文歌词在这里",  # CJK: two cells each
    "日本語の歌詞とかな",
    "한국어 가사",
    "emoji 🎸🔥 and 👩‍👩‍👧 family",
    "e\u0301 combining marks a\u0308\u0304",
    "שלום עולם مرحبا بالعالم",  # right-to-left
    "tabs\tinside\ttext",
    "  leading and trailing spaces  ",
    "brackets [like this] and {braces} and \\ backslash",
    "{starts like a directive}",
    "# starts like a comment",
    "   # indented hash",
    "%{title} meta looking",
    "ends with backslash \\",
    "x" * 3000,
    "",
    "   ",
]


def sample_song() -> Song:
    return Song(
        title="Night Drive",
        artist="Ana",
        key="G",
        tempo=96,
        capo=2,
        sections=[
            Section("verse", None, [
                Line("Headlights on the water", [ChordPlacement("G", 0), ChordPlacement("Em7", 18)]),
                Line("Taillights in the rain", [ChordPlacement("C", 0), ChordPlacement("D", 14)]),
                Line(""),
                Line("Second stanza here", [ChordPlacement("G", 7)]),
            ]),
            Section("chorus", None, [
                Line("Drive, drive, drive", [ChordPlacement("C", 0), ChordPlacement("G", 7)]),
            ]),
            Section("verse", None, [Line("Morning on the highway", [ChordPlacement("Am", 3)])]),
            Section("bridge", None, [Line("Hold on", [ChordPlacement("F", 0)])]),
        ],
    )


def _rand_text(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(TEXTS)
    a, b = rng.sample(TEXTS, 2)
    cut = rng.randint(0, len(a))
    return a[:cut] + b[: rng.randint(0, min(len(b), 40))]


def random_line(rng: random.Random) -> Line:
    text = _rand_text(rng)
    chords = []
    for _ in range(rng.choice([0, 0, 1, 2, 3, 5])):
        where = rng.random()
        if where < 0.15:
            pos = 0
        elif where < 0.3:
            pos = len(text)
        elif where < 0.4:
            pos = len(text) + rng.randint(1, 12)  # past the end
        else:
            pos = rng.randint(0, max(len(text), 0))
        chords.append(ChordPlacement(rng.choice(CHORDS), pos))
    chords.sort(key=lambda c: c.pos)  # the model writes chords sorted; compare like with like
    kind = "lyric" if rng.random() < 0.8 else rng.choice(LINE_KINDS)  # comments and recalls too
    return Line(text, chords if kind == "lyric" or rng.random() < 0.2 else [], kind)


def _rand_facts(rng: random.Random) -> dict:
    """Some song facts, now and then one a ChordPro value cannot hold as it is."""
    odd = ["", "  spaced  ", "two\nlines", "a {brace} \\ x", "🎸 中文"]
    return {k: (rng.randint(-1, 12) if k in ("capo", "tempo") else rng.choice(["4/4", "Bo", "1999", *odd]))
            for k in FACTS if k not in ("key", "tempo") and rng.random() < 0.3}


def random_song(seed: int, max_sections: int = 6, max_lines: int = 8) -> Song:
    rng = random.Random(seed)
    kinds = ["intro", "verse", "pre-chorus", "chorus", "bridge", "outro", "tag", "rap", "my thing", "Hook", "", "tab", "grid"]
    sections = []
    for _ in range(rng.randint(0, max_sections)):
        label = rng.choice([None, None, None, "Verse 1", "Chorus", "Big finish", "", "Verse 9", "a \"quoted\" {label}"])
        lines = [random_line(rng) for _ in range(rng.randint(0, max_lines))]
        sections.append(Section(rng.choice(kinds), label, lines))
    return Song(
        title=rng.choice(["Untitled", "Night Drive", "中文标题", "  spaced  ", "", "a {brace} \\ title", "🎸"]),
        artist=rng.choice([None, "Ana", "Sigur Rós", "", "  x"]),
        key=rng.choice([None, "G", "F#m", "Bb"]),
        tempo=rng.choice([None, 96, 120, 0]),
        extra=rng.choice([{}, {"capo": "2"}, {"subtitle": "live", "x_lyrictui_future": "1"}, {"Weird Key": "multi\nline"},
                          {"composer": "Cy\nDee", "define": "A base-fret 1"}, {"capo": "2 (optional)"}]),
        sections=sections,
        **_rand_facts(rng),
    )


def big_song(n_lines: int = 3000, title: str = "Big") -> Song:
    rng = random.Random(n_lines)
    per = 50
    sections = []
    for s in range(n_lines // per):
        kind = ["verse", "chorus", "bridge"][s % 3]
        sections.append(Section(kind, None, [random_line(rng) for _ in range(per)]))
    return Song(title=title, sections=sections)


def kill_song(version: int, n_lines: int = 3000) -> Song:
    """A big song (thousands of lines, ~200 KB as JSON); versions differ in title and words."""
    sections = []
    for s in range(n_lines // 50):
        lines = [
            Line(f"v{version} line {s * 50 + i}: ünïcode 中文 🎸 words go here", [ChordPlacement("G", 0), ChordPlacement("Em7", 20)])
            for i in range(50)
        ]
        sections.append(Section(["verse", "chorus", "bridge"][s % 3], None, lines))
    return Song(title=f"v{version}", sections=sections)
