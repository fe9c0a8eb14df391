"""lyrictui: a terminal songwriting studio.

Run `lyrictui` to open the editor, `lyrictui --help` for everything else.
This package must stay light to import: torch and transformers load lazily
inside `lyrictui.engine` only.
"""

__version__ = "0.1.0"
