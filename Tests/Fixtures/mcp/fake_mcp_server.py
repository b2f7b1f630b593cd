#!/usr/bin/env python3
"""A small stdio MCP server for sx's tests, written against the wire (no SDK): newline-delimited JSON-RPC.

FAKE_MODE (comma-separated) picks misbehaviour: exit_now, no_init, garbage, paginate, bad_schema, old_version, and
asks (the server sends the client a ping and a roots/list request once initialized).
FAKE_LOG: every line received is appended there (the tests look for notifications/cancelled).
FAKE_STARTS: a file that gets one line per start (the tests count restarts).
"""
import json
import os
import sys
import threading
import time

MODES = set(filter(None, os.environ.get("FAKE_MODE", "").split(",")))
LOG = os.environ.get("FAKE_LOG")
out_lock = threading.Lock()
late_tool = False

if os.environ.get("FAKE_STARTS"):
    with open(os.environ["FAKE_STARTS"], "a") as f:
        f.write("%d\n" % os.getpid())

if "exit_now" in MODES:
    sys.stderr.write("fake: exiting at once\n")
    sys.exit(2)


def send(obj):
    with out_lock:
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()


def raw(text):
    with out_lock:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()


def schema(props=None, required=None):
    s = {"type": "object", "properties": props or {}}
    if required:
        s["required"] = required
    return s


def tools():
    t = [
        {"name": "echo", "description": "Echoes text.", "inputSchema": schema({"text": {"type": "string"}}, ["text"])},
        {"name": "sleep", "description": "Sleeps.", "inputSchema": schema({"seconds": {"type": "number"}})},
        {"name": "fail", "description": "Always fails.", "inputSchema": schema()},
        {"name": "huge", "description": "A big answer.", "inputSchema": schema({"mb": {"type": "number"}})},
        {"name": "crash", "description": "Exits mid-call.", "inputSchema": schema()},
        {"name": "picture", "description": "An image and structured content.", "inputSchema": schema()},
        {"name": "secret", "description": "Echoes the SECRET variable.", "inputSchema": schema()},
        {"name": "grow", "description": "Adds a tool and says so.", "inputSchema": schema()},
        {"name": "pid", "description": "The server's pid.", "inputSchema": schema()},
    ]
    if "bad_schema" in MODES:
        t.append({"name": "broken", "description": "no schema", "inputSchema": "not an object"})
        t.append({"name": "array_schema", "inputSchema": {"type": "array"}})
        t.append({"description": "no name", "inputSchema": schema()})
    if late_tool:
        t.append({"name": "late", "description": "Came later.", "inputSchema": schema()})
    return t


def text(s, error=False):
    r = {"content": [{"type": "text", "text": s}]}
    if error:
        r["isError"] = True
    return r


def call(msg_id, name, args):
    global late_tool
    if name == "echo":
        send({"jsonrpc": "2.0", "id": msg_id, "result": text("echo: " + str(args.get("text", "")))})
    elif name == "sleep":
        time.sleep(float(args.get("seconds", 60)))
        send({"jsonrpc": "2.0", "id": msg_id, "result": text("slept")})
    elif name == "fail":
        send({"jsonrpc": "2.0", "id": msg_id, "result": text("the fake tool failed on purpose", error=True)})
    elif name == "huge":
        size = int(float(args.get("mb", 20)) * 1024 * 1024)
        send({"jsonrpc": "2.0", "id": msg_id, "result": text("x" * size)})
    elif name == "crash":
        sys.stderr.write("fake: crashing\n")
        sys.stderr.flush()
        os._exit(3)
    elif name == "picture":
        png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
        send({"jsonrpc": "2.0", "id": msg_id, "result": {
            "content": [{"type": "image", "data": png, "mimeType": "image/png"}],
            "structuredContent": {"width": 1, "height": 1}}})
    elif name == "secret":
        send({"jsonrpc": "2.0", "id": msg_id, "result": text("the secret is " + os.environ.get("SECRET", ""))})
    elif name == "grow":
        late_tool = True
        send({"jsonrpc": "2.0", "id": msg_id, "result": text("grown")})
        send({"jsonrpc": "2.0", "method": "notifications/tools/list_changed"})
    elif name == "pid":
        send({"jsonrpc": "2.0", "id": msg_id, "result": text("pid %d" % os.getpid())})
    else:
        send({"jsonrpc": "2.0", "id": msg_id, "error": {"code": -32602, "message": "Unknown tool: " + name}})


def handle(msg):
    method = msg.get("method")
    msg_id = msg.get("id")
    if method == "initialize":
        if "no_init" in MODES:
            return
        version = "1999-01-01" if "old_version" in MODES else msg["params"]["protocolVersion"]
        send({"jsonrpc": "2.0", "id": msg_id, "result": {
            "protocolVersion": version, "capabilities": {"tools": {"listChanged": True}},
            "serverInfo": {"name": "fake", "version": "1.0"}}})
    elif method == "notifications/initialized":
        if "asks" in MODES:
            send({"jsonrpc": "2.0", "id": "srv-ping", "method": "ping"})
            send({"jsonrpc": "2.0", "id": 7, "method": "roots/list"})
    elif method == "tools/list":
        all_tools = tools()
        if "paginate" in MODES:
            cursor = (msg.get("params") or {}).get("cursor")
            start = int(cursor) if cursor else 0
            page = all_tools[start:start + 2]
            result = {"tools": page}
            if start + 2 < len(all_tools):
                result["nextCursor"] = str(start + 2)
            send({"jsonrpc": "2.0", "id": msg_id, "result": result})
        else:
            send({"jsonrpc": "2.0", "id": msg_id, "result": {"tools": all_tools}})
    elif method == "tools/call":
        p = msg.get("params") or {}
        threading.Thread(target=call, args=(msg_id, p.get("name"), p.get("arguments") or {}), daemon=True).start()
    elif method == "ping":
        send({"jsonrpc": "2.0", "id": msg_id, "result": {}})
    elif msg_id is not None and method is not None:
        send({"jsonrpc": "2.0", "id": msg_id, "error": {"code": -32601, "message": "Method not found"}})


if "garbage" in MODES:
    raw("this is not JSON at all")
    raw("{\"half\": ")
    raw("[1, 2, 3]")

for line in sys.stdin:
    if LOG:
        with open(LOG, "a") as f:
            f.write(line)
    line = line.strip()
    if not line:
        continue
    try:
        handle(json.loads(line))
    except Exception as e:  # a test server: report and go on
        sys.stderr.write("fake: %r\n" % e)
