"""Song-level analysis for `lyrictui analyze`: per section scheme, syllables, rhyme density.

    from lyrictui.craft.analysis import analyze_song, format_analysis
    print(format_analysis(analyze_song(song)))

Only sung lines count: comment and chorus-recall lines are left out. Rhyme density
(Malmi et al. 2016, see `lyrictui.craft.density`) measures multisyllabic rhyme: a
one-syllable rhyme such as nine/wine shares one vowel sound and scores 0 there, so a
plain AABB verse can have density 0.00. "rhyming lines" counts every line that rhymes
with another in its section (from the scheme letters), so both kinds of rhyme show.
"""

from __future__ import annotations

from collections import Counter

from lyrictui.craft.density import end_rhyme_density, rhyme_density
from lyrictui.craft.scheme import rhyme_letters
from lyrictui.craft.syllables import count_syllables
from lyrictui.song.model import Song

LEGEND = (
    "rhyme density, end rhyme: mean length in vowel sounds of the longest rhyme per word / per line end,\n"
    "counting rhymes of two or more vowels (Malmi et al. 2016); a one-syllable rhyme such as nine/wine\n"
    "counts 0 there. rhyming lines: lines whose last word rhymes with another line's in the section."
)


def rhyming_lines(letters: list[str]) -> int:
    """How many lines share their rhyme letter with another line ("AABC" -> 2)."""
    counts = Counter(x for x in letters if x)
    return sum(1 for x in letters if x and counts[x] > 1)


MAX_LINES = 2_000  # a song is tens of lines; past this, a file is not one song and the rest is left out (said)


def analyze_song(song: Song, max_lines: int = MAX_LINES) -> dict:
    sections = []
    budget = max_lines
    for i, sec in enumerate(song.sections):
        if budget <= 0:
            break
        texts = [ln.text for ln in sec.lines if ln.is_lyric][:budget]  # comments and recalls are not sung
        budget -= len(texts)
        letters = rhyme_letters(texts)
        sections.append(
            {
                "label": song.section_label(i),
                "scheme": "".join(letters),
                "lines": [
                    {"text": t, "syllables": count_syllables(t), "rhyme": r} for t, r in zip(texts, letters)
                ],
                "rhyme_density": rhyme_density(texts),
                "end_rhyme": end_rhyme_density(texts),
                "rhyming_lines": rhyming_lines(letters),
                "sung_lines": sum(1 for x in letters if x),
            }
        )
    all_lines = [ln["text"] for sec in sections for ln in sec["lines"]]
    total = sum(1 for ln in song.all_lines() if ln.is_lyric)
    return {
        "title": song.title,
        "lines_analysed": len(all_lines),
        "lines_total": total,
        "rhyme_density": rhyme_density(all_lines),
        "end_rhyme": end_rhyme_density(all_lines),
        "rhyming_lines": sum(s["rhyming_lines"] for s in sections),
        "sung_lines": sum(s["sung_lines"] for s in sections),
        "sections": sections,
    }


def format_analysis(a: dict) -> str:
    out = [f"{a['title']}   rhyme density {a['rhyme_density']:.2f}   end rhyme {a['end_rhyme']:.2f}"
           f"   rhyming lines {a['rhyming_lines']}/{a['sung_lines']}", ""]
    if a.get("lines_total", 0) > a.get("lines_analysed", 0):
        out.insert(1, f"(analysed the first {a['lines_analysed']:,} of {a['lines_total']:,} lines: "
                      "longer is not one song; split the file to analyse the rest)")
    for sec in a["sections"]:
        out.append(f"[{sec['label']}]  scheme {sec['scheme'] or '-'}   rhyme density {sec['rhyme_density']:.2f}"
                   f"   rhyming lines {sec['rhyming_lines']}/{sec['sung_lines']}")
        for ln in sec["lines"]:
            if not ln["text"].strip():
                out.append("")
                continue
            out.append(f"  {ln['syllables']:>3} {ln['rhyme'] or ' ':<2} {ln['text']}")
        out.append("")
    return "\n".join(out + [LEGEND]) + "\n"
