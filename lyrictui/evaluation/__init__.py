"""Comparing lyric models: the n-gram baseline, the metrics, the report. `lyrictui eval` drives it."""
