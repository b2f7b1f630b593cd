import SXCore
import Testing
@testable import SXEngine

@Suite struct BuiltInToolNamesTests {
    /// Settings validate `TOOLS=` against the names in SXCore; the runner makes the tools. They must agree.
    @Test func theSettingsListNamesExactlyTheToolsTheRunnerMakes() {
        #expect(ToolRunner.builtInTools().map(\.name) == BuiltInToolNames.all)
    }
}
