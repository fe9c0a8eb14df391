"""Chords: theory (pure), corpus readers, a BPE chord tokenizer and a GPT-2-style chord model.

Imports nothing from lyrictui or training (one-way dependencies).
"""
