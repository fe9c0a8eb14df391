"""Control characters from files never reach the terminal: they are shown as visible symbols.

    from lyrictui.visible import visible
    click.echo(visible(text))           # "\x1b[2J" -> "␛[2J", "\x07" -> "␇"

The one rule: every C0 control except newline and tab becomes its Unicode control
picture (U+2400 + code: ␛ ␇ ␍ ...), DEL becomes ␡, and the C1 controls U+0080-U+009F
(which some terminals obey as escapes, e.g. U+009B = CSI) become U+FFFD. One symbol per
character, so columns and chord positions stay where they were.

Applied at the boundaries where outside text enters or leaves: songs as they are read
(`lyrictui.song.io.load_song`), song-file error messages, every CLI error message
(`lyrictui.cli`), and CLI output of text that a file or a model produced.
"""

from __future__ import annotations

_KEEP = ("\n", "\t")
_TABLE: dict[int, str] = {c: chr(0x2400 + c) for c in range(0x20) if chr(c) not in _KEEP}
_TABLE[0x7F] = "\u2421"
_TABLE.update({c: "\ufffd" for c in range(0x80, 0xA0)})


def visible(text: str) -> str:
    """`text` with every control character (but newline and tab) replaced by a visible symbol."""
    return text.translate(_TABLE)


def has_control(text: str) -> bool:
    return any(ord(ch) in _TABLE for ch in text)
