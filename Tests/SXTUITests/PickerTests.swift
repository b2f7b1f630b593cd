import Foundation
import SXProtocol
import Testing
@testable import SXTUI

@Suite struct PickerOrderTests {
    @Test func recentFirstThenGroupedByProvider() {
        var s = AppState(models: ["gpt-5", "claude-sonnet-4", "gpt-5-mini", "gemini-2.5-pro", "claude-opus-4"])
        s.engine.modelProviders = [
            "gpt-5": "openai-codex", "gpt-5-mini": "openai-codex", "claude-sonnet-4": "anthropic",
            "claude-opus-4": "anthropic", "gemini-2.5-pro": "google"
        ]
        s.engine.recentModels = ["gemini-2.5-pro"]
        #expect(s.engine.pickerModels == ["gemini-2.5-pro", "gpt-5", "gpt-5-mini", "claude-sonnet-4", "claude-opus-4"])
    }

    @Test func theSessionsStartingModelIsTheFirstRecent() {
        var s = AppState(models: ["anthropic/claude-sonnet-4", "openai/gpt-5.5", "codex/gpt-5.5", "codex/gpt-5"])
        s.engine.modelProviders = [
            "anthropic/claude-sonnet-4": "anthropic", "openai/gpt-5.5": "openai",
            "codex/gpt-5.5": "openai-codex", "codex/gpt-5": "openai-codex"
        ]
        _ = Reducer.reduce(&s, .sessionStatus(SessionStatus(sessionId: "s", provider: .openaiCodex, model: "gpt-5.5")))
        #expect(s.engine.pickerModels.first == "codex/gpt-5.5")
        // A later status (e.g. after a fallback) does not reorder what the person chose.
        _ = Reducer.reduce(&s, .sessionStatus(SessionStatus(sessionId: "s", provider: .openai, model: "gpt-5.5")))
        #expect(s.engine.recentModels == ["codex/gpt-5.5"])
    }

    @Test func coolingProviderIsGreyedWithTimeUntilFree() {
        var s = AppState(width: 80, height: 24, models: ["gpt-5", "claude-sonnet-4"])
        s.chrome.now = Date(timeIntervalSince1970: 1_000)
        s.engine.modelProviders = ["gpt-5": "openai-codex", "claude-sonnet-4": "anthropic"]
        s.engine.profiles = [
            ProfileStatus(
                id: "a", provider: "openai-codex", state: .coolingDown(until: s.chrome.now.addingTimeInterval(125))),
            ProfileStatus(
                id: "b", provider: "openai-codex", state: .coolingDown(until: s.chrome.now.addingTimeInterval(300))),
            ProfileStatus(id: "c", provider: "anthropic", state: .ok)
        ]
        #expect(s.engine.cooldownUntil(provider: "openai-codex") == s.chrome.now.addingTimeInterval(125))
        #expect(s.engine.cooldownUntil(provider: "anthropic") == nil)
        _ = Reducer.reduce(&s, .key(.ctrl("l")))
        let dump = ScreenRenderer.render(s, cache: RenderCache()).buffer.textDump()
        #expect(dump.contains("gpt-5  cooling down · free in 02:05"))
        #expect(!dump.contains("claude-sonnet-4  cooling"))
    }
}

@Suite struct ThemePickerTests {
    func state() -> AppState {
        var s = AppState(width: 80, height: 24)
        s.chrome.themes = ["ansi16", "high-contrast", "sx-dark", "sx-light", "tokyonight"]
        s.chrome.themeName = "sx-dark"
        return s
    }

    func run(_ s: inout AppState, _ text: String) -> [Effect] {
        for ch in text { _ = Reducer.reduce(&s, .key(.char(ch))) }
        return Reducer.reduce(&s, .key(.enter))
    }

    @Test func movingPreviewsAndEnterKeeps() {
        var s = state()
        #expect(run(&s, "/theme") == [])
        guard s.topPopup?.kind == .themePicker, let p = s.topPopup?.listState else { Issue.record("no picker"); return }
        #expect(p.selected == 2)
        #expect(Reducer.reduce(&s, .key(.down)) == [.previewTheme("sx-light")])
        _ = Reducer.reduce(&s, .themeChanged("sx-light"))
        #expect(ScreenRenderer.render(s, cache: RenderCache()).buffer.textDump().contains("▸ sx-light"))
        #expect(Reducer.reduce(&s, .key(.enter)) == [.setTheme("sx-light")])
        #expect(s.popups.isEmpty)
    }

    @Test func escapeGoesBack() {
        var s = state()
        _ = run(&s, "/theme")
        _ = Reducer.reduce(&s, .key(.up))
        _ = Reducer.reduce(&s, .themeChanged("high-contrast"))
        #expect(Reducer.reduce(&s, .key(.escape)) == [.previewTheme("sx-dark")])
        #expect(s.popups.isEmpty)
    }

    @Test func filterPreviewsFirstMatch() {
        var s = state()
        _ = run(&s, "/theme")
        #expect(Reducer.reduce(&s, .key(.char("t"))) == [.previewTheme("tokyonight")])
    }
}

@Suite struct ProfilePickerTests {
    @Test func pickAndPinAndAuto() {
        var s = AppState(width: 100, height: 30)
        s.engine.profiles = [
            ProfileStatus(id: "work", provider: "openai-codex", state: .ok),
            ProfileStatus(id: "home", provider: "openai-codex", state: .needsLogin)
        ]
        _ = Reducer.reduce(&s, .key(.ctrl("p")))
        let dump = ScreenRenderer.render(s, cache: RenderCache()).buffer.textDump()
        #expect(dump.contains("▸ auto  pinned  failover chooses"))
        #expect(dump.contains("  home  openai-codex · re-login needed"))
        _ = Reducer.reduce(&s, .key(.char("h")))
        #expect(Reducer.reduce(&s, .key(.enter)) == [.pinProfile("home")])
        #expect(s.engine.pinnedProfile == "home")
        for ch in "/profile auto" { _ = Reducer.reduce(&s, .key(.char(ch))) }
        #expect(Reducer.reduce(&s, .key(.enter)) == [.pinProfile(nil)])
        #expect(s.engine.pinnedProfile == nil)
    }
}

@Suite struct EffortTests {
    @Test func ctrlTCyclesEfforts() {
        var s = AppState()
        s.engine.session = SessionStatus(
            sessionId: "s", provider: .openaiCodex, model: "gpt-5", reasoningEffort: "medium")
        #expect(Reducer.reduce(&s, .key(.ctrl("t"))) == [.setEffort("high")])
        #expect(Reducer.reduce(&s, .key(.ctrl("t"))) == [.setEffort("low")])
        #expect(s.engine.session?.reasoningEffort == "low")
        s.engine.session?.reasoningEffort = nil
        #expect(Reducer.reduce(&s, .key(.ctrl("t"))) == [.setEffort("low")])
    }

    @Test func ctrlTOffersOnlyTheLevelsTheModelLists() {
        var s = AppState(models: ["codex/gpt-6-sol", "google/gemini-3.5-flash", "router/llama3"])
        s.engine.modelEfforts = [
            "codex/gpt-6-sol": ["low", "medium", "high", "xhigh", "max", "ultra"],
            "google/gemini-3.5-flash": ["low", "high"], "router/llama3": []
        ]
        s.engine.session = SessionStatus(
            sessionId: "s", provider: .openaiCodex, model: "gpt-6-sol", reasoningEffort: "high")
        var seen: [Effect] = []
        for _ in 0..<6 { seen += Reducer.reduce(&s, .key(.ctrl("t"))) }
        #expect(seen == ["xhigh", "max", "ultra", "low", "medium", "high"].map { .setEffort($0) })
        s.engine.session = SessionStatus(
            sessionId: "s", provider: .google, model: "gemini-3.5-flash", reasoningEffort: "medium")
        #expect(Reducer.reduce(&s, .key(.ctrl("t"))) == [.setEffort("low")])
        #expect(Reducer.reduce(&s, .key(.ctrl("t"))) == [.setEffort("high")])
        s.engine.session = SessionStatus(sessionId: "s", provider: .router, model: "llama3")
        #expect(Reducer.reduce(&s, .key(.ctrl("t"))).isEmpty)
        #expect(s.chrome.flash?.contains("no reasoning effort") == true)
    }
}

@Suite struct LiveListPickerTests {
    @Test func hiddenModelsShowOnlyWhenTyped() {
        var s = AppState(
            width: 100, height: 30,
            models: ["codex/gpt-6.1-sol", "codex/gpt-daybreak-red-latest", "anthropic/claude-opus-4-8"])
        s.engine.modelProviders = [
            "codex/gpt-6.1-sol": "openai-codex", "codex/gpt-daybreak-red-latest": "openai-codex",
            "anthropic/claude-opus-4-8": "anthropic"
        ]
        s.engine.hiddenModels = ["codex/gpt-daybreak-red-latest"]
        #expect(s.engine.pickerModels == ["codex/gpt-6.1-sol", "anthropic/claude-opus-4-8"])
        #expect(s.engine.pickerList(query: "") == ["codex/gpt-6.1-sol", "anthropic/claude-opus-4-8"])
        #expect(s.engine.pickerList(query: "daybreak") == ["codex/gpt-daybreak-red-latest"])
        _ = Reducer.reduce(&s, .key(.ctrl("l")))
        #expect(!ScreenRenderer.render(s, cache: RenderCache()).buffer.textDump().contains("daybreak"))
        for ch in "daybreak" { _ = Reducer.reduce(&s, .key(.char(ch))) }
        #expect(
            ScreenRenderer.render(s, cache: RenderCache()).buffer.textDump().contains("codex/gpt-daybreak-red-latest"))
        #expect(
            Reducer.reduce(&s, .key(.enter)).contains {
                if case .switchModel(let m) = $0 { m == "codex/gpt-daybreak-red-latest" } else { false }
            })
    }
}

@Suite struct MultiLineNoticeTests {
    @Test func aFailedTurnShowsOneLinePerAttempt() {
        var s = AppState(width: 100, height: 20)
        _ = Reducer.reduce(
            &s,
            .engine(
                .error(
                    "nothing could answer:\n  - openai-codex:home: connection refused\n  - openai-codex:work: cooling down"
                )))
        let dump = ScreenRenderer.render(s, cache: RenderCache()).buffer.textDump()
        let lines = dump.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.contains { $0.hasPrefix("✗ nothing could answer: ") })
        #expect(lines.contains { $0.hasPrefix("- openai-codex:home: connection refused") })
        #expect(lines.contains { $0.hasPrefix("- openai-codex:work: cooling down") })
    }
}
