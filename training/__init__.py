"""Training commands behind `lyrictui train lyrics|chords`. Imports torch; load lazily."""
