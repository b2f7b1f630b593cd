#!/usr/bin/env python3
"""Keystroke latency while a reply streams: issue 18's row "a keystroke in the composer while a reply streams at
full speed shows within 16 ms (tmux, 80 KB reply running)".

sx runs in a private tmux server (120x40) against a loopback Codex backend served by this script, which answers
every prompt with an 80 KB markdown reply in 5,000 deltas written as fast as the socket takes them. A tmux control
client (`tmux -C`) drives the pane and sees every byte sx writes (`%output`), stamped as it arrives: no process is
started per key. Each run: send a prompt, wait until the backend starts writing the reply, wait a random 10-40 ms,
type one character, and time until sx has drawn it; the run counts only if sx went on drawing the reply after the
character (the reply was still streaming). Then the character is erased and the turn allowed to end.

  bench/keystroke.py --sx .build-release/release/sx --runs 30
Prints each latency and the median / p90 / max in ms; --json FILE writes them.
"""
import argparse
import json
import os
import queue
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from soak import Handler as SoakHandler, write_store  # noqa: E402  (the soak's request reading and fake login)

REPLY_BYTES = 80_000
DELTAS = 5_000
WORDS = "streaming markdown with lists and code keeps the composer responsive while text arrives fast".split()


def reply_text():
    out, n, i = ["## kstart\n\n"], 0, 0
    while n < REPLY_BYTES:
        line = " ".join(WORDS[(i + j) % len(WORDS)] for j in range(12)) + ".\n"
        if i % 7 == 6:
            line += "\n"
        out.append(line)
        n += len(line)
        i += 1
    out.append("kend marker")
    return "".join(out)


TEXT = reply_text()
assert "Q" not in TEXT
# Set when the backend starts writing a reply.
STARTED = threading.Event()


class Handler(SoakHandler):
    def do_POST(self):
        body = self._body()
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        rid, mid = f"resp_{time.monotonic_ns()}", "msg_1"
        events = []

        def ev(obj):
            events.append(b"event: " + obj["type"].encode() + b"\ndata: " + json.dumps(obj).encode() + b"\n\n")

        ev({"type": "response.created", "response": {"id": rid, "object": "response", "status": "in_progress"}})
        ev({"type": "response.output_item.added", "output_index": 0,
            "item": {"type": "message", "id": mid, "role": "assistant", "status": "in_progress", "content": []}})
        size = len(TEXT) // DELTAS + 1
        for i in range(0, len(TEXT), size):
            ev({"type": "response.output_text.delta", "item_id": mid, "output_index": 0, "content_index": 0,
                "delta": TEXT[i:i + size]})
        ev({"type": "response.output_item.done", "output_index": 0,
            "item": {"type": "message", "id": mid, "role": "assistant", "status": "completed",
                     "content": [{"type": "output_text", "text": TEXT, "annotations": []}]}})
        ev({"type": "response.completed", "response": {
            "id": rid, "object": "response", "status": "completed",
            "usage": {"input_tokens": len(body) // 4, "input_tokens_details": {"cached_tokens": 0},
                      "output_tokens": 20000, "output_tokens_details": {"reasoning_tokens": 0},
                      "total_tokens": len(body) // 4 + 20000}}})
        # Full speed: 64 KB socket writes, no pauses.
        STARTED.set()
        buf = b""
        for e in events:
            buf += b"%x\r\n%s\r\n" % (len(e), e)
            if len(buf) > 65536:
                self.wfile.write(buf)
                buf = b""
        self.wfile.write(buf + b"0\r\n\r\n")
        self.wfile.flush()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def first_arrival(arrivals, matches, what, timeout):
    """The time stamp of the first (time, bytes) on `arrivals` that `matches`; those before it are dropped."""
    deadline = time.perf_counter() + timeout
    while True:
        left = deadline - time.perf_counter()
        if left <= 0:
            raise TimeoutError(what)
        try:
            t, data = arrivals.get(timeout=left)
        except queue.Empty:
            raise TimeoutError(what)
        if matches(data):
            return t


def report(args, lat, skipped):
    if not lat:
        print("no run counted")
        return 1
    lat.sort()
    med = statistics.median(lat)
    p90 = lat[min(len(lat) - 1, int(len(lat) * 0.9))]
    where = "pty" if args.pty else "tmux"
    print(f"keystroke {'with nothing streaming' if args.idle else 'while an 80 KB reply streams'} ({where}): "
          f"median {med:.2f} ms · p90 {p90:.2f} ms · max {lat[-1]:.2f} ms "
          f"({len(lat)} runs, {skipped} not counted; budget 16 ms)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"latencies_ms": lat, "median_ms": med, "p90_ms": p90, "skipped": skipped}, f)
    return 0


def run_pty(args, sx, ws, env):
    """The same runs with sx on a pty this script holds: keys written to the master, output read from it."""
    import fcntl
    import pty
    import struct
    import termios
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(ws)
        os.execve(sx, [sx], {**env, "PATH": os.environ.get("PATH", "/usr/bin:/bin")})
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    chunks = queue.Queue()

    def reader():
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError:
                return
            if not data:
                return
            chunks.put((time.perf_counter(), data))

    threading.Thread(target=reader, daemon=True).start()

    def until(needle, timeout=20):
        return first_arrival(chunks, lambda data: needle in data, needle, timeout)

    lat, skipped = [], 0
    try:
        until(b"Ask anything")
        time.sleep(0.5)
        for i in range(args.runs):
            STARTED.clear()
            if not args.idle:
                os.write(fd, f"go {i}\r".encode())
                if not STARTED.wait(20):
                    raise TimeoutError("the reply to start")
            time.sleep(random.uniform(0.01, 0.04))
            while not chunks.empty():
                chunks.get()
            t0 = time.perf_counter()
            os.write(fd, b"Q")
            got = until(b"Q")
            streaming = args.idle
            deadline = time.perf_counter() + 0.3
            while time.perf_counter() < deadline and not streaming:
                try:
                    t, data = chunks.get(timeout=0.05)
                except queue.Empty:
                    continue
                streaming = b"responsive" in data and t >= got
            if streaming:
                lat.append((got - t0) * 1000)
            else:
                skipped += 1
            os.write(fd, b"\x7f")
            if not args.idle:
                try:
                    until(b"kend", timeout=30)
                except TimeoutError:
                    pass
            time.sleep(0.3)
            while not chunks.empty():
                chunks.get()
            print(f"run {i + 1}: {'%.2f ms' % lat[-1] if streaming else 'reply no longer streaming: not counted'}",
                  flush=True)
    finally:
        os.kill(pid, 15)
        os.waitpid(pid, 0)
    return report(args, lat, skipped)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sx", required=True)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--json")
    ap.add_argument("--idle", action="store_true", help="no reply streaming: the baseline of the same path")
    ap.add_argument("--pty", action="store_true",
                    help="sx on a pseudo-terminal of this script's own instead of tmux: the same run without tmux")
    args = ap.parse_args()
    sx = os.path.abspath(args.sx)
    port = free_port()
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    tmp = tempfile.mkdtemp(prefix="sx-keys-")
    home, ws = os.path.join(tmp, "home"), os.path.join(tmp, "ws")
    os.makedirs(ws)
    write_store(home)
    sock = f"sxkeys{os.getpid()}"
    tmux = ["tmux", "-L", sock, "-f", "/dev/null"]
    env = {"TERM": "xterm-256color", "SX_HOME": home, "HOME": home, "PROVIDER": "codex", "TOOLS": "0",
           "CODEX_BASE_URL": f"http://127.0.0.1:{port}/backend-api/codex", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
           "AUTO_COMPACT": "0", "CHECKPOINTS": "0"}
    if args.pty:
        return run_pty(args, sx, ws, env)
    cmd = f"cd {ws} && env " + " ".join(f"{k}={v}" for k, v in env.items()) + f" {sx}; sleep 100000"
    lat, skipped = [], 0
    ctl = None
    try:
        subprocess.run(tmux + ["new-session", "-d", "-s", "s", "-x", "120", "-y", "40", cmd], check=True)
        subprocess.run(tmux + ["set", "-g", "window-size", "manual"], check=True)
        ctl = subprocess.Popen(tmux + ["-C", "attach", "-t", "s"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        lines = queue.Queue()

        def reader():
            for raw in ctl.stdout:
                lines.put((time.perf_counter(), raw))

        threading.Thread(target=reader, daemon=True).start()

        def command(text):
            ctl.stdin.write(text.encode() + b"\n")
            ctl.stdin.flush()

        def until(needle, timeout=20):
            """The time of the first %output line holding `needle`; output before it is dropped."""
            return first_arrival(lines, lambda raw: raw.startswith(b"%output") and needle in raw, needle, timeout)

        command("resize-window -t s -x 120 -y 40")
        until(b"Ask anything")
        time.sleep(0.5)
        def screen():
            return subprocess.run(tmux + ["capture-pane", "-p", "-t", "s"], capture_output=True, text=True).stdout

        for i in range(args.runs):
            STARTED.clear()
            if not args.idle:
                command(f"send-keys -t s -l 'go {i}'")
                command("send-keys -t s Enter")
                if not STARTED.wait(20):
                    raise TimeoutError("the reply to start")
            time.sleep(random.uniform(0.01, 0.04))
            t0 = time.perf_counter()
            command("send-keys -t s -l Q")
            got = until(b"Q")
            # Still streaming? sx goes on drawing the reply's words after the character.
            streaming = args.idle
            deadline = time.perf_counter() + 0.3
            while time.perf_counter() < deadline and not streaming:
                try:
                    t, raw = lines.get(timeout=0.05)
                except queue.Empty:
                    continue
                streaming = raw.startswith(b"%output") and b"responsive" in raw and t >= got
            if streaming:
                lat.append((got - t0) * 1000)
            else:
                skipped += 1
            command("send-keys -t s BSpace")
            end = time.perf_counter() + 30
            while not args.idle and "kend marker" not in screen() and time.perf_counter() < end:
                time.sleep(0.1)
            time.sleep(0.3)
            while not lines.empty():
                lines.get()
            print(f"run {i + 1}: {'%.2f ms' % lat[-1] if streaming else 'reply no longer streaming: not counted'}",
                  flush=True)
    except TimeoutError as e:
        screen = subprocess.run(tmux + ["capture-pane", "-p", "-t", "s"], capture_output=True, text=True).stdout
        print(f"timed out waiting for {e}; the screen:\n{screen}", file=sys.stderr)
        return 1
    finally:
        if ctl:
            ctl.kill()
        subprocess.run(tmux + ["kill-server"], capture_output=True)
        server.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)
    return report(args, lat, skipped)


if __name__ == "__main__":
    sys.exit(main())
