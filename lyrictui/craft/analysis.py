"""Song-level analysis for `lyrictui analyze`: per section scheme, syllables, rhyme density.

    from lyrictui.craft.analysis import analyze_song, format_analysis
    print(format_analysis(analyze_song(song)))
"""

from __future__ import annotations

from lyrictui.craft.density import end_rhyme_density, rhyme_density
from lyrictui.craft.scheme import rhyme_letters
from lyrictui.craft.syllables import count_syllables
from lyrictui.song.model import Song


def analyze_song(song: Song) -> dict:
    sections = []
    for i, sec in enumerate(song.sections):
        texts = [ln.text for ln in sec.lines]
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
            }
        )
    all_lines = [ln.text for ln in song.all_lines()]
    return {
        "title": song.title,
        "rhyme_density": rhyme_density(all_lines),
        "end_rhyme": end_rhyme_density(all_lines),
        "sections": sections,
    }


def format_analysis(a: dict) -> str:
    out = [f"{a['title']}   rhyme density {a['rhyme_density']:.2f}   end rhyme {a['end_rhyme']:.2f}", ""]
    for sec in a["sections"]:
        out.append(f"[{sec['label']}]  scheme {sec['scheme'] or '-'}   rhyme density {sec['rhyme_density']:.2f}")
        for ln in sec["lines"]:
            if not ln["text"].strip():
                out.append("")
                continue
            out.append(f"  {ln['syllables']:>3} {ln['rhyme'] or ' ':<2} {ln['text']}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
