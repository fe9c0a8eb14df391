"""`lyrictui models pull`: downloads from a hub (a local stand-in here) and says plainly when it cannot."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.fakehub import serve

ROOT = Path(__file__).resolve().parent.parent


def _pull(model_id: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lyrictui.cli", "models", "pull", model_id], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env}, capture_output=True, text=True, timeout=300)


def test_pull_downloads_from_the_hub_with_progress(tmp_path):
    repo = tmp_path / "hub" / "acme" / "tiny"
    repo.mkdir(parents=True)
    (repo / "config.json").write_text('{"model_type": "gpt2"}')
    (repo / "model.safetensors").write_bytes(b"\0" * 4096)
    srv = serve(tmp_path / "hub")
    try:
        r = _pull("acme/tiny", {"HF_ENDPOINT": f"http://127.0.0.1:{srv.server_port}", "HF_HOME": str(tmp_path / "hf"),
                                "HF_HUB_OFFLINE": "0"})
    finally:
        srv.shutdown()
    assert r.returncode == 0, r.stderr
    assert "acme/tiny is ready" in r.stdout and "Fetching" in r.stderr  # the bar is huggingface_hub's, on stderr
    got = list((tmp_path / "hf" / "hub").glob("models--acme--tiny/snapshots/*/model.safetensors"))
    assert got and got[0].read_bytes() == b"\0" * 4096


def test_pull_without_a_network_says_so(tmp_path):
    # a port nobody listens on: the same failure as a machine without a network
    r = _pull("gpt2", {"HF_ENDPOINT": "http://127.0.0.1:9", "HF_HOME": str(tmp_path / "hf"), "HF_HUB_OFFLINE": "0"})
    assert r.returncode == 1
    assert "cannot download gpt2" in r.stderr and "bundled offline model 'verse'" in r.stderr
    assert "Traceback" not in r.stderr
