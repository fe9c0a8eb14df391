"""lyrictui: a terminal songwriting studio.

Run `lyrictui` to open the editor, `lyrictui --help` for everything else.
This package must stay light to import: torch and transformers are imported only
inside functions of the model layer (`lyrictui.engine`, `lyrictui.chord_provider`,
`lyrictui.craft.steer`, `lyrictui.evaluation.run`, `lyrictui.gpt2_tokenizer`), so
`lyrictui --help` and the editor's first screen never load them.
"""

__version__ = "0.1.0"
