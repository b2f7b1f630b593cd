import Foundation

/// Which of the tools a request offers, by model: a model whose catalog entry names `apply_patch` (the OpenAI
/// models Codex serves are trained on it) gets `apply_patch` in the form it asks for instead of `edit_file`; every
/// other model keeps `edit_file`. When the person chose only one of the two (`TOOLS`), that one stays.
enum ToolOffer {
    static func specs(_ all: [ToolSpec], applyPatch form: ApplyPatchForm?, freeformTools: Bool) -> [ToolSpec] {
        let hasPatch = all.contains { $0.name == ApplyPatchTool.name }
        let hasEdit = all.contains { $0.name == "edit_file" }
        guard hasPatch else { return all }
        guard let form else { return hasEdit ? all.filter { $0.name != ApplyPatchTool.name } : all }
        return all.compactMap { spec in
            if spec.name == "edit_file" { return nil }
            guard spec.name == ApplyPatchTool.name else { return spec }
            var offered = spec
            offered.grammar = form == .freeform && freeformTools ? ApplyPatchToolText.larkGrammar : nil
            return offered
        }
    }
}
