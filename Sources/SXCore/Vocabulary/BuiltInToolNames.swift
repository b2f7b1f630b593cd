/// The names of sx's own tools, as the model sees them (the engine's `ToolRunner.builtInTools()` makes one tool per
/// name, in this order; a test keeps the two equal). Settings check `TOOLS=` lists against these without knowing
/// the tools themselves.
public enum BuiltInToolNames {
    public static let all = [
        "shell", "read_file", "write_file", "edit_file", "apply_patch", "list_dir", "glob", "grep", "update_plan",
        "web_fetch"
    ]
}
