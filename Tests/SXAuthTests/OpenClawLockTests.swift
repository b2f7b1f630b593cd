import Foundation
import SXCore
import Testing
@testable import SXAuth

/// The store lock is OpenClaw's lock file (`StoreLock`): shared with a process that follows OpenClaw's protocol
/// (`Tests/Fixtures/openclaw_lock_peer.py`), no update is lost, stale locks are taken over only by OpenClaw's rules,
/// and a live holder gives a clear error with nothing written.
@Suite(.serialized) struct OpenClawLockTests {
    static let counterProfile = "openai:counter"

    static func seed(_ h: TempHome) throws -> ProfileStore {
        let store = ProfileStore(paths: h.paths, lockTimeout: 60)
        try store.update { doc in
            doc.setProfile(counterProfile, AuthProfile.apiKeyObject(provider: .openai, key: "sk-proj-counter-0001"))
        }
        return store
    }

    @Test(.enabled(if: OpenClawPeer.available, "python3 is not installed"))
    func thousandUpdatesSharedWithAnOpenClawPeerLoseNothing() async throws {
        let h = try TempHome()
        let store = try Self.seed(h)
        // The peer counts in a top-level key sx does not know; sx counts in a field of a profile OpenClaw does not
        // know. Each rewrites the whole file, so an update made without the other's lock would drop a count.
        let (peer, out, err) = try OpenClawPeer.start([
            "increment", h.paths.authProfiles.path, "openclawPeerCount", "500"
        ])
        for _ in 0..<500 {
            try await store.updateAsync { doc in
                try doc.editProfile(Self.counterProfile) { c in c["sxCount"] = .int((c["sxCount"]?.int64Value ?? 0) + 1)
                }
            }
        }
        _ = out.fileHandleForReading.readDataToEndOfFile()
        let peerErr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        peer.waitUntilExit()
        #expect(peer.terminationStatus == 0, "peer: \(peerErr)")

        let doc = try store.load()
        #expect(doc.root["openclawPeerCount"]?.int64Value == 500)
        #expect(doc.profile(Self.counterProfile)?.raw["sxCount"]?.int64Value == 500)
        #expect(doc.profile(Self.counterProfile)?.key == "sk-proj-counter-0001")
        // Both released: no lock file and no temp file left behind.
        let left = try FileManager.default.contentsOfDirectory(atPath: h.paths.home.path)
        #expect(left.filter { $0 != "auth-profiles.json" && $0 != "backups" }.isEmpty, "left: \(left)")
    }

    @Test(.enabled(if: OpenClawPeer.available, "python3 is not installed"))
    func aLiveHolderGivesTheClearErrorAndNothingIsWritten() async throws {
        let h = try TempHome()
        _ = try Self.seed(h)
        let before = try Data(contentsOf: h.paths.authProfiles)
        let holder = try OpenClawPeer.Holder(store: h.paths.authProfiles)
        let lockBefore = try Data(contentsOf: h.paths.authProfilesLock)
        let store = ProfileStore(paths: h.paths, lockTimeout: 0.5)
        #expect { try store.update { doc in doc.setOrder([Self.counterProfile], for: .openai) } } throws: { e in
            let text = String(describing: e)
            return text.contains(h.paths.authProfilesLock.path) && text.contains("held by pid \(holder.pid)")
                && text.contains("nothing was written") && !text.contains("\n")
        }
        await #expect(throws: StoreError.self) { try await store.markSuccess(Self.counterProfile) }
        #expect(try Data(contentsOf: h.paths.authProfiles) == before, "nothing was written")
        #expect(try Data(contentsOf: h.paths.authProfilesLock) == lockBefore, "the holder's lock was left alone")
        holder.release()
        #expect(!FileManager.default.fileExists(atPath: h.paths.authProfilesLock.path))
        try store.update { doc in doc.setOrder([Self.counterProfile], for: .openai) }
        #expect(try store.load().order(for: .openai) == [Self.counterProfile])
    }

    /// Writes a lock file as another holder would have left it.
    static func plant(_ h: TempHome, pid: Int?, createdAt: Date, startTime: Double?, raw: String? = nil) throws {
        var o = JSONObject()
        if let pid { o["pid"] = .int(pid) }
        o["createdAt"] = .string(UTCTime.iso8601Millis(createdAt))
        if let startTime { o["startTime"] = .number(String(Int64(startTime))) }
        try h.write(raw ?? JSONValue.object(o).serialized(), to: h.paths.authProfilesLock)
    }

    static func deadPid() -> Int {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/true")
        try? p.run()
        p.waitUntilExit()
        return Int(p.processIdentifier)
    }

    @Test func staleLocksAreTakenOverByOpenClawsRules() throws {
        let me = Int(getpid())
        let myStart = try #require(LockPayload.processStartTime(me))
        let cases: [(String, (TempHome) throws -> Void)] = [
            ("dead pid", { try Self.plant($0, pid: Self.deadPid(), createdAt: Date(), startTime: 1) }),
            (
                "recycled pid (another start time)",
                { try Self.plant($0, pid: me, createdAt: Date(), startTime: myStart + 1) }
            ),
            (
                "live pid, createdAt older than 30 s",
                { try Self.plant($0, pid: me, createdAt: Date() - 31, startTime: myStart) }
            ),
            (
                "createdAt that does not parse",
                {
                    try Self.plant(
                        $0, pid: me, createdAt: Date(), startTime: myStart,
                        raw: #"{"pid": \#(me), "createdAt": "yesterday"}"#)
                }
            ),
            (
                "empty file older than 30 s",
                { h in
                    try h.write("", to: h.paths.authProfilesLock)
                    var times = [
                        timespec(tv_sec: time(nil) - 60, tv_nsec: 0), timespec(tv_sec: time(nil) - 60, tv_nsec: 0)
                    ]
                    utimensat(AT_FDCWD, h.paths.authProfilesLock.path, &times, 0)
                }
            )
        ]
        for (what, plant) in cases {
            let h = try TempHome()
            let store = try Self.seed(h)
            try plant(h)
            let peek = try store.lockSync(timeout: 2)
            #expect(peek.isHeld, "\(what): taken over")
            let payload = try #require(LockPayload.read(h.paths.authProfilesLock.path), "\(what)")
            #expect(payload.pid == me, "\(what): the lock file is ours now")
            withExtendedLifetime(peek) {}
        }
    }

    @Test func locksThatAreNotStaleByOpenClawsRulesAreLeftAlone() throws {
        let me = Int(getpid())
        let myStart = try #require(LockPayload.processStartTime(me))
        let cases: [(String, (TempHome) throws -> Void)] = [
            ("a live holder", { try Self.plant($0, pid: me, createdAt: Date(), startTime: myStart) }),
            ("a live holder without startTime", { try Self.plant($0, pid: me, createdAt: Date(), startTime: nil) }),
            // A holder between its O_EXCL create and its write: young, so it may still be alive.
            ("an empty file just created", { try $0.write("", to: $0.paths.authProfilesLock) }),
            ("unparseable text just written", { try $0.write("{\"pid\":", to: $0.paths.authProfilesLock) })
        ]
        for (what, plant) in cases {
            let h = try TempHome()
            let store = try Self.seed(h)
            try plant(h)
            let lockBefore = try Data(contentsOf: h.paths.authProfilesLock)
            let before = try Data(contentsOf: h.paths.authProfiles)
            #expect(throws: StoreError.self, "\(what)") {
                try ProfileStore(paths: h.paths, lockTimeout: 0.3).update { doc in
                    doc.setOrder([Self.counterProfile], for: .openai)
                }
            }
            #expect(try Data(contentsOf: h.paths.authProfilesLock) == lockBefore, "\(what): not removed")
            #expect(try Data(contentsOf: h.paths.authProfiles) == before, "\(what): nothing written")
            withExtendedLifetime(store) {}
        }
    }

    @Test(.enabled(if: OpenClawPeer.available, "python3 is not installed"))
    func sxWritesTheLockFileOpenClawReads() throws {
        let h = try TempHome()
        let store = try Self.seed(h)
        let lock = try store.lockSync()
        let o = try #require(try JSONParser.parse(Data(contentsOf: h.paths.authProfilesLock)).objectValue)
        #expect(o.keys == ["pid", "createdAt", "startTime"])
        #expect(o["pid"]?.int64Value == Int64(getpid()))
        #expect(o["startTime"]?.doubleValue == LockPayload.processStartTime(Int(getpid())))
        let created = try #require(o["createdAt"]?.stringValue)
        #expect(created.count == 24 && created.hasSuffix("Z"), "toISOString form: \(created)")
        #expect(UTCTime.parseISO8601(created).map { abs($0.timeIntervalSinceNow) < 3600 } == true)
        // The OpenClaw-side rules see a live lock (pid alive, same start time, fresh) and keep waiting.
        #expect(try OpenClawPeer.run(["judge", h.paths.authProfiles.path]).1 == "live\n")
        #expect(TempHome.mode(h.paths.authProfilesLock.path) == 0o600)
        withExtendedLifetime(lock) {}
        _ = consume lock
        #expect(!FileManager.default.fileExists(atPath: h.paths.authProfilesLock.path), "released by deleting it")
        // A crash (no release) leaves the file of a dead pid: the OpenClaw side takes it as stale at once.
        try Self.plant(h, pid: Self.deadPid(), createdAt: Date(), startTime: nil)
        #expect(try OpenClawPeer.run(["judge", h.paths.authProfiles.path]).1 == "stale\n")
    }

    @Test func aLockTakenOverWhileHeldStopsTheWrite() throws {
        let h = try TempHome()
        let store = try Self.seed(h)
        let before = try Data(contentsOf: h.paths.authProfiles)
        let lock = try store.lockSync()
        // Another process judged it stale (held too long) and replaced it with its own.
        unlink(h.paths.authProfilesLock.path)
        try Self.plant(h, pid: Int(getppid()), createdAt: Date(), startTime: nil)
        #expect(throws: StoreError.lockLost(lockFile: h.paths.authProfilesLock.path)) {
            try store.updateLocked(lock) { doc in doc.setOrder([Self.counterProfile], for: .openai) }
        }
        #expect(try Data(contentsOf: h.paths.authProfiles) == before)
        _ = consume lock
        #expect(FileManager.default.fileExists(atPath: h.paths.authProfilesLock.path), "the other holder's file stays")
    }
}
