#!/usr/bin/env python3
"""Writes the fuzz seed corpus, Tests/Fixtures/fuzz/<target>/seed-*, from real samples: the recorded Codex
exchanges in ../shared/protocol/captures (SSE replies, JWT claims, OAuth replies), each provider's documented stream
shapes (as the SXTestSupport generators write them), config files, auth stores and the repository's own markdown.
The test suite replays every file there (Tests/sxTests/FuzzRegressionTests), so keep it small.

  python3 bench/fuzz_seeds.py [--captures DIR]
"""
import argparse
import base64
import glob
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "fuzz")


def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def sse(events, named=True):
    out = []
    for e in events:
        body = json.dumps(e, separators=(",", ":"))
        out.append((f"event: {e['type']}\n" if named else "") + f"data: {body}\n\n")
    return "".join(out)


def b64(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--captures", default=os.path.join(ROOT, "..", "shared", "protocol", "captures"))
    a = ap.parse_args()

    # Codex / Responses: the recorded replies, as they came over the wire, plus CRLF and a cut-off copy.
    for path in sorted(glob.glob(os.path.join(a.captures, "codex-*.json"))):
        cap = json.load(open(path))
        name = os.path.basename(path)[:-5]
        resp = cap.get("response", {})
        if isinstance(resp.get("sse"), list):
            text = sse(resp["sse"])
            put("codex", name, text)
            put("responses", name, text)
            put("sse", name, text)
            put("sse", name + "-crlf", text.replace("\n", "\r\n"))
            put("codex", name + "-cut", text[: len(text) // 2])
        elif "json" in resp or "body" in resp:
            put("codex", name + "-error", "data: " + json.dumps(resp.get("json", resp.get("body"))) + "\n\n")
        for token, claims in (cap.get("jwt_claims") or {}).items():
            jwt = b64(b'{"alg":"RS256","typ":"JWT"}') + "." + b64(json.dumps(claims).encode()) + ".c2ln"
            put("jwt", name, jwt)
    for path in sorted(glob.glob(os.path.join(a.captures, "*.json"))):
        cap = json.load(open(path))
        body = (cap.get("response") or {}).get("json")
        if body is not None:
            put("store", os.path.basename(path)[:-5], json.dumps(body, indent=1))

    # Anthropic Messages (docs/protocol/anthropic.md#stream-events): thinking, text, a tool call, usage, stop; and a
    # mid-stream error.
    anth = [
        {"type": "message_start", "message": {"id": "msg_1", "type": "message", "role": "assistant", "content": [], "model": "claude-sonnet-4-5", "stop_reason": None, "usage": {"input_tokens": 812, "output_tokens": 1, "cache_read_input_tokens": 0, "cache_creation_input_tokens": 640}}},
        {"type": "content_block_start", "index": 0, "content_block": {"type": "thinking", "thinking": "", "signature": ""}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "thinking_delta", "thinking": "Need to read the file."}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "signature_delta", "signature": "EqQB"}},
        {"type": "content_block_stop", "index": 0},
        {"type": "content_block_start", "index": 1, "content_block": {"type": "text", "text": ""}},
        {"type": "content_block_delta", "index": 1, "delta": {"type": "text_delta", "text": "Let me look."}},
        {"type": "content_block_stop", "index": 1},
        {"type": "content_block_start", "index": 2, "content_block": {"type": "tool_use", "id": "toolu_1", "name": "read_file", "input": {}}},
        {"type": "content_block_delta", "index": 2, "delta": {"type": "input_json_delta", "partial_json": ""}},
        {"type": "content_block_delta", "index": 2, "delta": {"type": "input_json_delta", "partial_json": "{\"path\": \"READ"}},
        {"type": "content_block_delta", "index": 2, "delta": {"type": "input_json_delta", "partial_json": "ME.md\"}"}},
        {"type": "content_block_stop", "index": 2},
        {"type": "message_delta", "delta": {"stop_reason": "tool_use", "stop_sequence": None}, "usage": {"output_tokens": 87}},
        {"type": "message_stop"},
    ]
    put("anthropic", "documented", sse(anth))
    put("anthropic", "error", sse(anth[:3] + [{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}]))
    put("sse", "anthropic", sse(anth))

    # OpenAI Chat Completions (docs/protocol/openai.md#chat-completions-stream) and the router variant
    # (docs/protocol/router.md#what-routers-do-differently).
    chat = [
        {"choices": [{"index": 0, "delta": {"role": "assistant", "content": "Hel"}, "finish_reason": None}]},
        {"choices": [{"index": 0, "delta": {"reasoning_content": "thinking"}, "finish_reason": None}]},
        {"choices": [{"index": 0, "delta": {"content": "lo"}, "finish_reason": None}]},
        {"choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "id": "call_1", "type": "function", "function": {"name": "read_file", "arguments": ""}}]}, "finish_reason": None}]},
        {"choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": "{\"path\":\"a\"}"}}]}, "finish_reason": None}]},
        {"choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]},
        {"choices": [], "usage": {"prompt_tokens": 70, "completion_tokens": 120, "total_tokens": 190, "prompt_tokens_details": {"cached_tokens": 10}, "completion_tokens_details": {"reasoning_tokens": 64}}},
    ]
    text = "".join("data: " + json.dumps(c, separators=(",", ":")) + "\n\n" for c in chat) + "data: [DONE]\n\n"
    put("chat", "tool-call", text)
    put("chat", "router", text.replace('"choices":[]', '"choices":[{"index":0,"delta":{}}]'))
    put("sse", "chat", text)

    # Gemini streamGenerateContent?alt=sse (docs/protocol/gemini.md#stream): thought, text, a signed call, usage; and a
    # bare error line.
    gem = [
        {"candidates": [{"content": {"role": "model", "parts": [{"text": "**Reading** I should open the file.", "thought": True}]}, "index": 0}], "usageMetadata": {"promptTokenCount": 60, "totalTokenCount": 60}, "modelVersion": "gemini-2.5-pro", "responseId": "r1"},
        {"candidates": [{"content": {"role": "model", "parts": [{"text": "Let me look."}]}, "index": 0}], "usageMetadata": {"promptTokenCount": 60, "totalTokenCount": 60}, "responseId": "r1"},
        {"candidates": [{"content": {"role": "model", "parts": [{"functionCall": {"name": "read_file", "args": {"path": "README.md"}}, "thoughtSignature": "CrUB"}]}, "finishReason": "STOP", "index": 0}], "usageMetadata": {"promptTokenCount": 60, "candidatesTokenCount": 25, "thoughtsTokenCount": 90, "cachedContentTokenCount": 0, "totalTokenCount": 175}, "responseId": "r1"},
    ]
    text = "".join("data: " + json.dumps(c, separators=(",", ":")) + "\n\n" for c in gem)
    put("gemini", "documented", text)
    put("gemini", "bare-error", '{\n  "error": {\n    "code": 429,\n    "message": "Resource exhausted",\n    "status": "RESOURCE_EXHAUSTED"\n  }\n}\n')
    put("gemini", "array-error", '[{"error":{"code":500,"message":"internal","status":"INTERNAL"}}]\n')
    put("sse", "gemini", text)
    put("sse", "comments-ids", ": keep-alive\nid: 7\nretry: 100\nevent: x\ndata: a\ndata: b\n\ndata:no-space\n\n")

    # Config files (the README's keys, every quoting form).
    put("envfile", "readme", "# sx settings\nPROVIDER=codex\nMODEL='gpt-5.5'\nexport APPROVAL=ask\n"
        "FALLBACK_MODELS=\"anthropic/claude-sonnet-4-5,google/gemini-2.5-pro\"\nTHEME=sx-dark # a comment\n\n"
        "CODEX_BASE_URL=\"http://127.0.0.1:1/v1\"\nSX_READ_TIMEOUT=300\r\nEMPTY=\nESC=\"a\\\"b\\\\c\\nd\"\n")
    put("envfile", "bad", "NOEQUALS\n1BAD=x\nK=\"unterminated\n")

    # Auth stores: OpenClaw's version-1 format with logins, keys, order, usage stats and unknown fields.
    store = {"version": 1, "profiles": {
        "openai-codex:work": {"type": "oauth", "provider": "openai-codex", "access": "eyJ.eyJ.sig", "refresh": "r", "expires": 1900000000000, "accountId": "acct", "email": "a@example.com", "future": {"x": [1, 2.5, -3e-7, True, None]}},
        "anthropic:key": {"type": "api_key", "provider": "anthropic", "key": "sk-ant-x"},
        "anthropic:tok": {"type": "token", "provider": "anthropic", "token": "t", "expires": 1},
        "broken": {"type": "oauth"}},
        "order": {"openai-codex": ["openai-codex:work", "missing"]},
        "lastGood": {"openai-codex": "openai-codex:work"},
        "usageStats": {"openai-codex:work": {"lastUsed": 1800000000000, "errorCount": 2, "cooldownUntil": 1800000600000,
                                             "failureCounts": {"rate_limit": 2}, "modelCooldowns": {"gpt-5.5": 1800000900000}}}}
    put("store", "full", json.dumps(store, indent=2))
    put("store", "unicode", '{"version":1,"profiles":{"p":{"type":"api_key","provider":"openai","key":"\\u00e9\\ud83d\\ude00\\n"}}}')

    # Markdown: the first byte is the width; the repository's own documents and a table/fence mix.
    for md in ("README.md", "DECISIONS.md"):
        p = os.path.join(ROOT, md)
        if os.path.exists(p):
            put("markdown", md.lower().replace(".", "-"), bytes([80]) + open(p, "rb").read()[:6000])
    put("markdown", "mix", bytes([30]) + "# Title\n\n| a | b |\n|---|:-:|\n| 1 | 世界 |\n\n```swift\nlet x = 1 // 😀\n```\n- [x] done\n> quote **bold** `code` [link](http://x)\n\t\ttabs\n".encode())
    put("markdown", "narrow", bytes([1]) + "wide 世界 ✓ e\u0301 👩‍💻".encode())
    print("seeds written under", OUT)


if __name__ == "__main__":
    main()
