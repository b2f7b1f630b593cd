#!/usr/bin/env python3
"""Soak: a long simulated full-screen sx session, RSS sampled every minute.

sx runs in a private tmux server (120x40) against a loopback Codex backend served by this script (the Responses
SSE wire format of the ChatGPT backend: reasoning, streamed markdown, function calls). A driver types one prompt
after another; every third turn the model asks for a tool (shell, read_file, list_dir — run for real with
APPROVAL=auto in a scratch workspace), then answers. Each answer ends with a per-turn marker the driver waits for
on screen, so every turn is really shown before the next one starts.

Every --sample-s seconds (default 60) one CSV row: elapsed minutes, sx's RSS and peak RSS (VmHWM), turns done,
the size of the last request body (the whole conversation as sx sends it every time), the messages in it (prompts,
answers, tool calls and tool results; reasoning items not counted), and the size of the session's transcript
(SX_HOME/sessions/<id>.jsonl, the record sx keeps of the conversation).
At the end: RSS growth over the first and the second half of the run, and the verdict "plateau" when the second
half grew by at most max(2 MB, a quarter of the first half's growth, the transcript's own growth). The growth per
message is printed for RSS, the transcript and the request JSON.
With --new-every N the driver types /new after every N turns: the history stays bounded, so memory must stay flat;
whatever still grows is not the conversation.

  bench/soak.py --sx .build-release/release/sx --minutes 120 --out /work/soak-result
"""
import argparse
import csv
import json
import os
import re
import signal
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import base64
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STATE = {"requests": 0, "last_body": 0, "messages": 0, "tool_calls": 0, "compactions": 0, "lock": threading.Lock()}

WORDS = ("the session streams markdown with `inline code`, **bold** words and lists while memory "
         "stays flat because history is stored once and wrapped per frame width only for visible lines").split()


def answer_text(turn, size):
    """Markdown of about `size` characters: a heading, paragraphs, a list and a code block, then the marker."""
    out = [f"## Turn {turn}\n\n"]
    n = 0
    i = turn
    while n < size:
        kind = i % 5
        if kind == 3:
            block = "```swift\nfunc turn%d() -> Int {\n    return %d * 2\n}\n```\n\n" % (turn, i)
        elif kind == 4:
            block = "".join(f"- item {j}: {WORDS[(i + j) % len(WORDS)]}\n" for j in range(4)) + "\n"
        else:
            block = " ".join(WORDS[(i + j) % len(WORDS)] for j in range(40)) + ".\n\n"
        out.append(block)
        n += len(block)
        i += 1
    out.append(f"SOAKEND-{turn}")
    return "".join(out)


def split(text, n):
    size = max(1, (len(text) + n - 1) // n)
    return [text[i:i + size] for i in range(0, len(text), size)]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def _body(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n:
            return self.rfile.read(n)
        data = b""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            while True:
                size = int(self.rfile.readline().strip().split(b";")[0], 16)
                if size == 0:
                    self.rfile.readline()
                    break
                data += self.rfile.read(size)
                self.rfile.readline()
        return data

    def do_POST(self):
        body = self._body()
        if not self.path.rstrip("/").endswith("/responses"):
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        req = json.loads(body or b"{}")
        items = req.get("input") or []
        turn, after_tool = 0, False
        for it in reversed(items):
            if it.get("type") == "function_call_output":
                after_tool = True
            if it.get("role") == "user":
                text = json.dumps(it.get("content"))
                # The last mention: after a compaction one message holds several earlier prompts, oldest first.
                ms = re.findall(r"soak turn (\d+)", text)
                turn = int(ms[-1]) if ms else 0
                break
        # sx's compaction request ends with its handoff prompt: it gets a summary, not a turn's answer.
        compact = bool(items) and "write a handoff note" in json.dumps(items[-1].get("content"))
        with STATE["lock"]:
            STATE["requests"] += 1
            STATE["compactions"] += 1 if compact else 0
            STATE["last_body"] = len(body)
            STATE["messages"] = sum(1 for it in items if it.get("type") != "reasoning")
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        for k, v in (("x-codex-primary-used-percent", "42"), ("x-codex-secondary-used-percent", "12"),
                     ("x-codex-primary-window-minutes", "300"), ("x-codex-secondary-window-minutes", "10080")):
            self.send_header(k, v)
        self.end_headers()
        rid = f"resp_{turn}_{STATE['requests']}"
        idx = [0]

        def send(obj):
            b = b"event: " + obj["type"].encode() + b"\ndata: " + json.dumps(obj).encode() + b"\n\n"
            self.wfile.write(b"%x\r\n%s\r\n" % (len(b), b))

        send({"type": "response.created", "response": {"id": rid, "object": "response", "status": "in_progress"}})
        # Thinking first.
        rs = f"rs_{rid}"
        think = split(f"Considering turn {turn} and what the user asked, step by step.", 6)
        send({"type": "response.output_item.added", "output_index": 0, "item": {"type": "reasoning", "id": rs, "summary": []}})
        for d in think:
            send({"type": "response.reasoning_summary_text.delta", "item_id": rs, "output_index": 0, "summary_index": 0, "delta": d})
        send({"type": "response.output_item.done", "output_index": 0,
              "item": {"type": "reasoning", "id": rs, "summary": [{"type": "summary_text", "text": "".join(think)}],
                       "encrypted_content": "gAAAAB-soak"}})
        if turn % 3 == 0 and not after_tool and not compact:
            tools = [("shell", {"command": "ls -la && wc -l README.md && echo soak-%d" % turn}),
                     ("read_file", {"path": "README.md"}),
                     ("list_dir", {"path": "."})]
            name, args = tools[(turn // 3) % len(tools)]
            a = json.dumps(args)
            fc, cid = f"fc_{rid}", f"call_{rid}"
            send({"type": "response.output_item.added", "output_index": 1,
                  "item": {"type": "function_call", "id": fc, "call_id": cid, "name": name, "arguments": "", "status": "in_progress"}})
            send({"type": "response.function_call_arguments.delta", "item_id": fc, "output_index": 1, "delta": a})
            send({"type": "response.function_call_arguments.done", "item_id": fc, "output_index": 1, "arguments": a})
            send({"type": "response.output_item.done", "output_index": 1,
                  "item": {"type": "function_call", "id": fc, "call_id": cid, "name": name, "arguments": a, "status": "completed"}})
            with STATE["lock"]:
                STATE["tool_calls"] += 1
        else:
            size = 12000 if turn % 10 == 7 else 600 + (turn * 137) % 1800
            text = answer_text(turn, size) if not compact else (
                "Goal: answer the soak turns. Decisions and constraints: none. Files touched: README.md read. "
                "Done: every turn so far. Remaining: the next turns. Next step: answer the next soak turn.")
            deltas = split(text, max(20, len(text) // 12))
            mid = f"msg_{rid}"
            send({"type": "response.output_item.added", "output_index": 1,
                  "item": {"type": "message", "id": mid, "role": "assistant", "status": "in_progress", "content": []}})
            for i, d in enumerate(deltas):
                send({"type": "response.output_text.delta", "item_id": mid, "output_index": 1, "content_index": 0, "delta": d})
                if i % 20 == 19:
                    self.wfile.flush()
                    time.sleep(0.004)
            send({"type": "response.output_item.done", "output_index": 1,
                  "item": {"type": "message", "id": mid, "role": "assistant", "status": "completed",
                           "content": [{"type": "output_text", "text": text, "annotations": []}]}})
        send({"type": "response.completed", "response": {
            "id": rid, "object": "response", "status": "completed",
            "usage": {"input_tokens": len(body) // 4, "input_tokens_details": {"cached_tokens": 0}, "output_tokens": 300,
                      "output_tokens_details": {"reasoning_tokens": 20}, "total_tokens": len(body) // 4 + 300}}})
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()


def b64(s):
    return base64.urlsafe_b64encode(s.encode()).decode().rstrip("=")


def write_store(home):
    exp = int(time.time()) + 30 * 86400
    claims = json.dumps({"exp": exp, "email": "soak@example.com",
                         "https://api.openai.com/auth": {"chatgpt_account_id": "acct-soak", "chatgpt_plan_type": "plus"}})
    jwt = b64('{"alg":"none","typ":"JWT"}') + "." + b64(claims) + ".sig"
    store = {"version": 1, "profiles": {"openai-codex:soak": {
        "type": "oauth", "provider": "openai-codex", "access": jwt, "refresh": "soak-refresh-token",
        "expires": exp * 1000, "accountId": "acct-soak", "email": "soak@example.com"}}}
    os.makedirs(home, mode=0o700, exist_ok=True)
    p = os.path.join(home, "auth-profiles.json")
    with open(p, "w") as f:
        json.dump(store, f, indent=2)
    os.chmod(p, 0o600)


def proc_mem(pid):
    rss = hwm = 0
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1]) / 1024
                elif line.startswith("VmHWM:"):
                    hwm = int(line.split()[1]) / 1024
    except OSError:
        return None
    return rss, hwm


def find_sx(pane_pid, exe_name):
    """The sx process: a descendant of the pane's shell whose comm is the binary's name."""
    for _ in range(200):
        out = subprocess.run(["ps", "-o", "pid=,ppid=,comm=", "-e"], capture_output=True, text=True).stdout
        kids = {}
        for line in out.splitlines():
            parts = line.split(None, 2)
            if len(parts) == 3:
                kids.setdefault(int(parts[1]), []).append((int(parts[0]), parts[2]))
        stack = [pane_pid]
        while stack:
            p = stack.pop()
            for c, comm in kids.get(p, []):
                if comm == exe_name[:15]:
                    return c
                stack.append(c)
        time.sleep(0.05)
    return None


def main():
    # A SIGTERM (a killed run) still reaches `finally`: the tmux server and sx do not outlive the soak.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sx", default=".build-release/release/sx")
    ap.add_argument("--minutes", type=float, default=120)
    ap.add_argument("--sample-s", type=float, default=60)
    ap.add_argument("--pause-s", type=float, default=3.0, help="pause between turns (a reader's pace)")
    ap.add_argument("--out", default="soak-result")
    ap.add_argument("--env", action="append", default=[], metavar="KEY=VALUE", help="extra environment for sx (repeatable)")
    ap.add_argument("--new-every", type=int, default=0, metavar="N",
                    help="type /new after every N turns, so the history stays bounded: what still grows is not history")
    args = ap.parse_args()

    sx = os.path.abspath(args.sx)
    os.makedirs(args.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="sx-soak-")
    home, ws = os.path.join(work, "home"), os.path.join(work, "ws")
    os.makedirs(ws)
    write_store(home)
    with open(os.path.join(ws, "README.md"), "w") as f:
        f.write("# Soak workspace\n\n" + "\n".join(f"line {i} of the readme" for i in range(200)) + "\n")

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request, client_address):
            pass  # sx closing an idle keep-alive connection is not news

    server = Server(("127.0.0.1", 0), Handler)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()

    sock = f"sx-soak-{os.getpid()}"
    tmux = ["tmux", "-L", sock, "-f", "/dev/null"]
    env = {"TERM": "xterm-256color", "SX_HOME": home, "HOME": home, "PROVIDER": "codex", "APPROVAL": "auto",
           "CODEX_BASE_URL": f"http://127.0.0.1:{port}/backend-api/codex", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    env.update(kv.split("=", 1) for kv in args.env)
    cmd = f"cd {ws} && env " + " ".join(f"{k}={v}" for k, v in env.items()) + f" {sx}; echo SX-EXIT-$?; sleep 100000"
    subprocess.run(tmux + ["new-session", "-d", "-s", "s", "-x", "120", "-y", "40", cmd], check=True)

    def screen():
        return subprocess.run(tmux + ["capture-pane", "-p", "-t", "s"], capture_output=True, text=True).stdout

    def wait(pred, timeout):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            s = screen()
            if pred(s):
                return True, s
            time.sleep(0.1)
        return False, screen()

    csv_path = os.path.join(args.out, "soak.csv")
    log_path = os.path.join(args.out, "soak.log")
    logf = open(log_path, "a", buffering=1)

    def log(msg):
        line = time.strftime("%H:%M:%S ") + msg
        print(line, flush=True)
        logf.write(line + "\n")

    try:
        ok, s = wait(lambda s: "Ask anything" in s, 30)
        if not ok:
            log("sx did not show its first frame:\n" + s)
            return 2
        pane_pid = int(subprocess.run(tmux + ["display-message", "-p", "-t", "s", "#{pane_pid}"],
                                      capture_output=True, text=True).stdout.strip())
        pid = find_sx(pane_pid, os.path.basename(sx))
        if not pid:
            log("could not find the sx process")
            return 2
        log(f"sx pid {pid}, mock port {port}, workspace {ws}, {args.minutes} min")
        rows = []
        t0 = time.monotonic()
        next_sample = t0
        turn, timeouts, sessions = 0, 0, 1
        f = open(csv_path, "w", newline="")
        w = csv.writer(f)
        w.writerow(["minute", "rss_mb", "peak_rss_mb", "turns", "requests", "tool_calls", "request_body_kb", "timeouts", "load1",
                    "messages", "transcript_kb"])

        def transcript_bytes():
            """The current session's transcript (the newest file in SX_HOME/sessions)."""
            d = os.path.join(home, "sessions")
            try:
                files = [os.path.join(d, n) for n in os.listdir(d) if n.endswith(".jsonl")]
                return os.path.getsize(max(files, key=os.path.getmtime)) if files else 0
            except OSError:
                return 0

        def sample():
            mem = proc_mem(pid)
            if mem is None:
                return False
            with STATE["lock"]:
                req, body, tools, msgs = STATE["requests"], STATE["last_body"], STATE["tool_calls"], STATE["messages"]
            row = [round((time.monotonic() - t0) / 60, 2), round(mem[0], 1), round(mem[1], 1), turn, req, tools,
                   round(body / 1024, 1), timeouts, os.getloadavg()[0], msgs, round(transcript_bytes() / 1024, 1)]
            rows.append(row)
            w.writerow(row)
            f.flush()
            log(f"min {row[0]:.1f}: RSS {row[1]} MB (peak {row[2]}), {turn} turns, {msgs} messages, {req} requests, "
                f"body {row[6]} KB, transcript {row[10]} KB")
            return True

        while time.monotonic() - t0 < args.minutes * 60:
            if time.monotonic() >= next_sample:
                if not sample():
                    log("sx exited:\n" + screen())
                    return 1
                next_sample += args.sample_s
            turn += 1
            subprocess.run(tmux + ["send-keys", "-t", "s", "-l", f"soak turn {turn}: explain part {turn} of the code"])
            time.sleep(0.05)
            subprocess.run(tmux + ["send-keys", "-t", "s", "Enter"])
            ok, s = wait(lambda s, t=turn: f"SOAKEND-{t}" in s, 60)
            if not ok:
                timeouts += 1
                log(f"turn {turn}: marker not seen in 60 s; screen:\n{s}")
                if timeouts > 20:
                    return 1
            time.sleep(args.pause_s)
            if args.new_every and turn % args.new_every == 0:
                sessions += 1
                subprocess.run(tmux + ["send-keys", "-t", "s", "-l", "/new"])
                time.sleep(0.05)
                subprocess.run(tmux + ["send-keys", "-t", "s", "Enter"])
                ok, s = wait(lambda s: "new session" in s and "SOAKEND-" not in s, 30)
                if not ok:
                    log(f"/new after turn {turn}: no new session in 30 s; screen:\n{s}")
                    return 1
        sample()
        f.close()

        # Verdict: growth over the first half vs the second half (from the first sample after start-up).
        if len(rows) >= 3:
            mid = len(rows) // 2
            first = rows[mid][1] - rows[0][1]
            second = rows[-1][1] - rows[mid][1]
            body_growth = (rows[-1][6] - rows[mid][6]) / 1024
            transcript_growth = (rows[-1][10] - rows[mid][10]) / 1024
            allowed = max(2.0, first / 4, transcript_growth)
            verdict = "plateau" if second <= allowed else "GROWING"
            msgs_growth = rows[-1][9] - rows[mid][9]
            per_msg = f"; per message: RSS {second * 1024 / msgs_growth:.2f} KB, transcript {transcript_growth * 1024 / msgs_growth:.2f} KB, " \
                      f"request JSON {body_growth * 1024 / msgs_growth:.2f} KB" if msgs_growth > 0 else ""
            log(f"RSS start {rows[0][1]} MB, middle {rows[mid][1]} MB, end {rows[-1][1]} MB, peak {max(r[2] for r in rows)} MB; "
                f"growth first half {first:+.1f} MB, second half {second:+.1f} MB (in the second half the transcript grew "
                f"{transcript_growth:.1f} MB, the request body {body_growth:.1f} MB{per_msg}); {turn} turns, {rows[-1][5]} tool calls, "
                f"{sessions} sessions, {timeouts} timeouts, {STATE['compactions']} compactions: {verdict}")
            with open(os.path.join(args.out, "summary.json"), "w") as sf:
                json.dump({"minutes": args.minutes, "turns": turn, "tool_calls": rows[-1][5], "sessions": sessions, "timeouts": timeouts,
                           "compactions": STATE["compactions"],
                           "rss_start_mb": rows[0][1], "rss_mid_mb": rows[mid][1], "rss_end_mb": rows[-1][1],
                           "peak_rss_mb": max(r[2] for r in rows), "growth_first_half_mb": round(first, 1),
                           "growth_second_half_mb": round(second, 1), "request_body_end_kb": rows[-1][6],
                           "transcript_end_kb": rows[-1][10], "transcript_growth_second_half_mb": round(transcript_growth, 1),
                           "request_body_growth_second_half_mb": round(body_growth, 1),
                           "verdict": verdict}, sf, indent=1)
            return 0 if verdict == "plateau" else 1
        log("too few samples for a verdict")
        return 0
    finally:
        subprocess.run(tmux + ["send-keys", "-t", "s", "C-c"])
        subprocess.run(tmux + ["send-keys", "-t", "s", "C-c"])
        time.sleep(0.5)
        subprocess.run(tmux + ["kill-server"], capture_output=True)
        server.shutdown()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
