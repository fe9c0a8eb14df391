from lyrictui.app import services


def test_transpose_spells_for_the_target_key():
    fn = services.transposer(3, None, ["G", "D", "Em", "C"])
    assert [fn(c) for c in ["G", "D", "Em", "C"]] == ["Bb", "F", "Gm", "Eb"]


def test_transpose_uses_the_song_key_and_keeps_unreadable_symbols():
    fn = services.transposer(3, "G", [])
    assert fn("D7") == "F7"
    assert fn("not-a-chord") == "not-a-chord"
