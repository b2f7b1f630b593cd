import Foundation
import SXCore
import Testing
@testable import SXTUI

@Suite struct ThemeTests {
    static let shipped = ["sx-dark", "sx-light", "ansi16", "high-contrast", "tokyonight"]

    @Test(arguments: ThemeTests.shipped)
    func shippedThemeDefinesEveryTokenInBothModes(name: String) throws {
        let url = TestPaths.themes.appendingPathComponent(name + ".json")
        let data = try Data(contentsOf: url)
        for mode in [Theme.Mode.dark, .light] {
            let theme = try ThemeFile.parse(data, file: url.path, mode: mode)
            #expect(theme.name == name)
            #expect(Set(theme.colors.keys) == Set(ThemeToken.allCases))
        }
    }

    @Test func ansi16UsesOnlyThePalette() throws {
        let data = try Data(contentsOf: TestPaths.themes.appendingPathComponent("ansi16.json"))
        let theme = try ThemeFile.parse(data, file: "ansi16.json", mode: .dark)
        for (token, color) in theme.colors {
            switch color {
            case .default: break
            case .palette(let n): #expect(n < 16, "\(token)")
            case .rgb: Issue.record("ansi16 token \(token) is RGB")
            }
        }
    }

    @Test func builtinEqualsTheShippedDefault() throws {
        let data = try Data(contentsOf: TestPaths.themes.appendingPathComponent("sx-dark.json"))
        for mode in [Theme.Mode.dark, .light] {
            let file = try ThemeFile.parse(data, file: "sx-dark.json", mode: mode)
            #expect(BuiltinTheme.theme(mode: mode) == file)
        }
    }

    @Test func badThemeNamesFileAndField() {
        let json = ##"{"theme": {"primary": {"dark": "#12345g", "light": "#000000"}}}"##
        let bad = #expect(throws: ThemeFile.ParseError.self) {
            try ThemeFile.parse(Data(json.utf8), file: "bad.json", mode: .dark)
        }
        #expect(bad?.description == "theme bad.json: theme.primary: unknown colour '#12345g'")
        let broken = #expect(throws: ThemeFile.ParseError.self) {
            try ThemeFile.parse(Data("{".utf8), file: "x.json", mode: .dark)
        }
        #expect(broken?.field == "(root)")
    }

    @Test func loaderFallsBackWithOneLineWarning() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sx-theme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(#"{"theme": {}}"#.utf8).write(to: dir.appendingPathComponent("broken.json"))
        let loader = ThemeLoader(searchPaths: [dir.path])
        let (theme, warning) = loader.load("broken")
        #expect(theme == BuiltinTheme.theme(mode: .dark))
        #expect(warning?.contains("broken.json: theme.primary: missing") == true)
        #expect(warning?.contains("\n") == false)
        let (_, missing) = loader.load("nope")
        #expect(missing == "theme 'nope' not found; using the built-in theme")
        #expect(loader.load(nil).warning == nil)
        #expect(loader.available().contains("broken"))
    }

    @Test func noColorGivesMonochrome() {
        let loader = ThemeLoader(searchPaths: [TestPaths.themes.path], noColor: true)
        let theme = loader.load("tokyonight").theme
        #expect(theme.colors.values.allSatisfy { $0 == .default })
        let colored = ThemeLoader(searchPaths: [TestPaths.themes.path]).load("tokyonight").theme
        #expect(colored.name == "tokyonight")
        #expect(colored.color(.primary) != .default)
    }

    @Test func themesFolderFoundByWalkingUpFromTheExecutable() {
        let exe = TestPaths.repo.appendingPathComponent(".build/x86_64-unknown-linux-gnu/debug/sx").path
        #expect(ThemeLoader.findThemesFolder(upFrom: exe) == TestPaths.themes.path)
        let standard = ThemeLoader.standard(home: URL(fileURLWithPath: "/tmp/sxh"), executablePath: exe)
        #expect(standard.searchPaths == ["/tmp/sxh/themes", TestPaths.themes.path, "/usr/local/share/sx/themes"])
    }

    /// `install.sh --prefix P` puts the binary in P/bin and the themes in P/share/sx/themes: found from the binary.
    @Test func installedThemesFoundNextToTheBinary() throws {
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sx-prefix-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: prefix) }
        let themes = prefix.appendingPathComponent("share/sx/themes")
        try FileManager.default.createDirectory(at: themes, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: prefix.appendingPathComponent("bin"), withIntermediateDirectories: true)
        let shipped = TestPaths.themes.appendingPathComponent("tokyonight.json")
        try FileManager.default.copyItem(at: shipped, to: themes.appendingPathComponent("tokyonight.json"))
        let exe = prefix.appendingPathComponent("bin/sx").path
        #expect(FileManager.default.createFile(atPath: exe, contents: Data()))
        let loader = ThemeLoader.standard(home: URL(fileURLWithPath: "/tmp/sxh-none"), executablePath: exe)
        #expect(loader.searchPaths.contains(themes.path))
        let (theme, warning) = loader.load("tokyonight")
        #expect(warning == nil)
        #expect(theme.name == "tokyonight")
    }

    @Test func colorsMapToThePalette() {
        #expect(TermColor.rgb(255, 0, 0).paletteIndex(colors: 256) == 196)
        #expect(TermColor.rgb(0, 0, 0).paletteIndex(colors: 256) == 16)
        #expect(TermColor.rgb(200, 0, 0).paletteIndex(colors: 8) == 1)
        #expect(TermColor.default.paletteIndex(colors: 256) == -1)
        #expect(TermColor.palette(12).paletteIndex(colors: 8) == 4)
        #expect(FrontEndSettings.background(themeMode: nil, colorFgBg: "0;15") == .light)
        #expect(FrontEndSettings.background(themeMode: nil, colorFgBg: nil) == .dark)
        #expect(FrontEndSettings.background(themeMode: "dark", colorFgBg: "0;15") == .dark)
    }
}
