#!/usr/bin/env python3
"""A stand-in for a JSON-era OpenClaw sharing auth-profiles.json with sx, following OpenClaw's store lock protocol
(openclaw src/plugin-sdk/file-lock.ts, src/shared/pid-alive.ts, AUTH_STORE_LOCK_OPTIONS in
src/agents/auth-profiles/constants.ts):

- the lock is `<realpath of the store's folder>/<store name>.lock`, created with O_EXCL ("wx") and holding
  JSON.stringify({pid, createdAt: toISOString(), startTime: /proc/self/stat field 22}, null, 2);
- held while the file exists, deleted on release;
- another holder's file is removed only when stale: payload with a dead (or zombie) pid, or a live pid whose start
  time differs, or a createdAt that does not parse or is older than 30 s; an empty or unparseable file once its mtime
  is older than 30 s; the inode is checked before and just before the removal.

Only the pause between tries differs from OpenClaw (its 100 ms .. 10 s backoff with 10 retries would make a
1,000-update test slow and give up under contention): here a short random pause, until --timeout.

  openclaw_lock_peer.py increment STORE KEY N   N times: lock, read STORE, STORE[KEY] += 1, atomic rewrite, unlock
  openclaw_lock_peer.py refresh STORE ID URL N   N times under the lock, as OpenClaw refreshes: read profile ID,
                                                if it expires within 5 min POST its refresh token to URL (Codex's
                                                JSON form) and save the rotated pair
  openclaw_lock_peer.py hold STORE              take the lock, print "held <pid>", release at end of stdin
  openclaw_lock_peer.py judge STORE             print "stale" or "live" for the current lock file, by the rules above
"""
import datetime
import json
import os
import random
import sys
import time
import urllib.error
import urllib.request

STALE_MS = 30_000


def start_time(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2:].split(" ")
    try:
        return int(fields[19])
    except (IndexError, ValueError):
        return None


def pid_alive(pid):
    # Node's process.kill(pid, 0) throws on any error (EPERM included), and OpenClaw then calls the pid dead.
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0 or pid > 2**31 - 1:
        return False
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("State:"):
                    return not line.split()[1].startswith("Z")
    except OSError:
        pass
    return True


def read_payload(lock):
    try:
        with open(lock) as f:
            p = json.load(f)
    except (OSError, ValueError):
        return None
    if not isinstance(p, dict) or not isinstance(p.get("pid"), (int, float)) or isinstance(p.get("pid"), bool) \
            or not isinstance(p.get("createdAt"), str):
        return None
    return p


def parse_iso(text):
    try:
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000
    except ValueError:
        return None


def is_stale(lock):
    now_ms = time.time() * 1000
    p = read_payload(lock)
    if p is not None:
        if not pid_alive(p["pid"]):
            return True
        st = p.get("startTime")
        if isinstance(st, (int, float)) and not isinstance(st, bool):
            current = start_time(p["pid"])
            if current is not None and current != st:
                return True
        created = parse_iso(p["createdAt"])
        return created is None or now_ms - created > STALE_MS
    try:
        return now_ms - os.stat(lock).st_mtime * 1000 > STALE_MS
    except FileNotFoundError:
        # Released meanwhile: the caller tries to create it again. Calling it stale would let the inode check
        # pass for a new lock that reused the inode number, and remove that.
        return False


def lock_path(store):
    return os.path.join(os.path.realpath(os.path.dirname(os.path.abspath(store))), os.path.basename(store)) + ".lock"


def ino(path):
    try:
        return os.stat(path).st_ino
    except FileNotFoundError:
        return -1


def acquire(store, timeout):
    lock = lock_path(store)
    deadline = time.time() + timeout
    while True:
        try:
            fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            seen = ino(lock)
            if seen == -1:
                continue
            if is_stale(lock):
                if ino(lock) == seen:
                    try:
                        os.remove(lock)
                    except FileNotFoundError:
                        pass
                continue
            if time.time() > deadline:
                sys.exit(f"file lock timeout for {store}")
            time.sleep(random.uniform(0.001, 0.008))
            continue
        payload = {"pid": os.getpid(),
                   "createdAt": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds")
                   .replace("+00:00", "Z")}
        st = start_time(os.getpid())
        if st is not None:
            payload["startTime"] = st
        os.write(fd, json.dumps(payload, indent=2).encode())
        return fd, lock


def release(fd, lock):
    os.close(fd)
    try:
        os.remove(lock)
    except FileNotFoundError:
        pass


def save(store, doc):
    tmp = f"{store}.{os.getpid()}.tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=2)
        f.flush()
        os.fsync(f.fileno())
    os.chmod(tmp, 0o600)
    os.replace(tmp, store)
    dfd = os.open(os.path.dirname(os.path.abspath(store)), os.O_RDONLY)
    os.fsync(dfd)
    os.close(dfd)


def increment(store, key, n, timeout):
    for _ in range(n):
        fd, lock = acquire(store, timeout)
        try:
            with open(store) as f:
                doc = json.load(f)
            doc[key] = doc.get(key, 0) + 1
            save(store, doc)
        finally:
            release(fd, lock)


def refresh(store, profile_id, url, n, timeout):
    failures = 0
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    for _ in range(n):
        fd, lock = acquire(store, timeout)
        try:
            with open(store) as f:
                doc = json.load(f)
            cred = doc["profiles"][profile_id]
            if cred.get("expires", 0) - time.time() * 1000 >= 5 * 60 * 1000:
                continue
            body = json.dumps({"client_id": "app_EMoamEEZ73f0CkXaXp7hrann", "grant_type": "refresh_token",
                               "refresh_token": cred["refresh"]}).encode()
            req = urllib.request.Request(url, data=body, headers={"content-type": "application/json"})
            try:
                with opener.open(req, timeout=30) as r:
                    reply = json.load(r)
            except urllib.error.HTTPError as e:
                failures += 1
                print(f"refresh failed: {e.code}", file=sys.stderr)
                continue
            cred["access"] = reply["access_token"]
            if reply.get("refresh_token"):
                cred["refresh"] = reply["refresh_token"]
            cred["expires"] = int(time.time() * 1000 + reply.get("expires_in", 3600) * 1000)
            save(store, doc)
        finally:
            release(fd, lock)
    if failures:
        sys.exit(f"{failures} refreshes failed")


def main(argv):
    cmd = argv[1]
    if cmd == "increment":
        increment(argv[2], argv[3], int(argv[4]), timeout=120)
    elif cmd == "refresh":
        refresh(argv[2], argv[3], argv[4], int(argv[5]), timeout=120)
    elif cmd == "hold":
        fd, lock = acquire(argv[2], timeout=60)
        print(f"held {os.getpid()}", flush=True)
        sys.stdin.read()
        release(fd, lock)
    elif cmd == "judge":
        print("stale" if is_stale(lock_path(argv[2])) else "live")
    else:
        sys.exit(f"unknown command {cmd}")


if __name__ == "__main__":
    main(sys.argv)
