import Foundation

/// The model-facing text of the `apply_patch` tool: its description, the grammar for the freeform (custom) tool form,
/// and the JSON schema for the function form.
enum ApplyPatchToolText {
    /// What the model reads about the tool: the envelope, the three operations, how hunks are written and found.
    static let description = """
        Edit files by sending a patch. A patch is plain text (not JSON and not a unified diff) in this envelope:

        *** Begin Patch
        [one or more file operations]
        *** End Patch

        Each file operation starts with exactly one of these header lines:

        *** Add File: <path>       create a new file; every following line is its content, prefixed with "+"
        *** Delete File: <path>    delete an existing file; nothing follows
        *** Update File: <path>    change an existing file; hunks follow

        An Update may be followed directly by "*** Move to: <new path>" to rename the file as well.

        Each hunk of an Update starts with a line "@@", optionally followed by a space and one line copied from the \
        file (such as the class or function header) that comes before the change, to say where the hunk is. After it, \
        every line starts with one character:
          " " (a space) an unchanged context line, which must match the file
          "-"           a line to remove, which must match the file
          "+"           a line to add
        Show about 3 unchanged lines before and after each change. If that is not enough to make the place unique, \
        add the enclosing class or function after "@@" (you may stack several "@@ ..." lines, outermost first). \
        Do not repeat context lines that a previous hunk of the same file already showed. Hunks of one file must \
        be in file order. Put "*** End of File" after a hunk whose last lines are the end of the file.

        Rules:
        - Paths are relative to the workspace root; never absolute, never containing "..".
        - Every line of an added file starts with "+", blank lines too ("+" alone).
        - Copy context and removed lines exactly as they are in the file, including their indentation.
        - Each file appears in at most one operation of a patch.
        - The whole patch is applied or nothing is: if any hunk does not match, no file changes and the error names \
        the file and line; read the file again and send a corrected patch.

        Example:

        *** Begin Patch
        *** Add File: docs/hello.txt
        +Hello, world
        *** Update File: src/app.py
        *** Move to: src/main.py
        @@ def greet():
        -    print("Hi")
        +    print("Hello, world")
        *** Delete File: old_notes.txt
        *** End Patch
        """

    /// The grammar that constrains the freeform (custom tool) form, in Lark syntax. It is the format itself, so it
    /// is kept equivalent to openai/codex `codex-rs/core/src/tools/handlers/tool_apply_patch.lark`.
    static let larkGrammar = """
        start: begin_patch hunk+ end_patch
        begin_patch: "*** Begin Patch" LF
        end_patch: "*** End Patch" LF?

        hunk: add_hunk | delete_hunk | update_hunk
        add_hunk: "*** Add File: " filename LF add_line+
        delete_hunk: "*** Delete File: " filename LF
        update_hunk: "*** Update File: " filename LF change_move? change?

        filename: /(.+)/
        add_line: "+" /(.*)/ LF -> line

        change_move: "*** Move to: " filename LF
        change: (change_context | change_line)+ eof_line?
        change_context: ("@@" | "@@ " /(.+)/) LF
        change_line: ("+" | "-" | " ") /(.*)/ LF
        eof_line: "*** End of File" LF

        %import common.LF

        """

    /// The parameters of the function form: one string, named `input` as in openai/codex
    /// `codex-rs/tools/src/apply_patch_tool.rs` (`ApplyPatchToolArgs`, `create_apply_patch_json_tool`).
    static let functionParametersSchema =
        #"{"type":"object","properties":{"input":{"type":"string","description":"#
        + #""The whole patch, from the line '*** Begin Patch' to the line '*** End Patch'."}},"#
        + #""required":["input"],"additionalProperties":false}"#
}
