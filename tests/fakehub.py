"""A local stand-in for the Hugging Face hub: `serve(root)` answers the hub's API and file URLs
for folders root/<org>/<name>/ (what huggingface_hub's snapshot_download asks for), so the
`models pull` path runs with HF_ENDPOINT pointing here and no network."""

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

def serve(root: Path):
    """A stand-in for the Hugging Face hub: root/<org>/<name>/<files> served at the hub's URLs."""
    sha = "0" * 40
    class H(BaseHTTPRequestHandler):
        def log_message(self, *a): pass
        def _file(self):
            parts = self.path.split("?")[0].strip("/").split("/")
            if "resolve" not in parts: return None
            i = parts.index("resolve")
            return root.joinpath(*parts[:i], *parts[i + 2:])
        def _send_file(self, body):
            f = self._file()
            if f is None or not f.is_file():
                self.send_response(404); self.send_header("Content-Length", "0"); self.end_headers(); return
            data = f.read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("ETag", '"%s"' % hashlib.sha256(data).hexdigest())
            self.send_header("X-Repo-Commit", sha)
            self.end_headers()
            if body: self.wfile.write(data)
        def do_HEAD(self): self._send_file(False)
        def do_GET(self):
            p = self.path.split("?")[0]
            if p.startswith("/api/models/"):
                rest = p[len("/api/models/"):]
                repo = rest.split("/revision/")[0].split("/tree/")[0]
                d = root / repo
                if not d.is_dir():
                    self.send_response(404); self.send_header("Content-Length", "0"); self.end_headers(); return
                files = sorted(f for f in d.iterdir() if f.is_file())
                if "/tree/" in rest:
                    body = json.dumps([{"type": "file", "path": f.name, "size": f.stat().st_size,
                                        "oid": hashlib.sha1(f.read_bytes()).hexdigest()} for f in files]).encode()
                else:
                    body = json.dumps({"id": repo, "sha": sha, "siblings": [{"rfilename": f.name} for f in files]}).encode()
                self.send_response(200); self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body); return
            self._send_file(True)
    srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv
