import Foundation
import SXTestSupport
import Testing

/// `sx completion bash|zsh|fish` and `sx man`, from the same definitions as `--help`.
@Suite struct CompletionManTests {
    /// Every long option `--help` shows for `args`.
    func longOptions(_ cli: CLI, _ args: [String]) throws -> Set<String> {
        let help = try cli.run(args + ["--help"]).stdout
        let regex = try NSRegularExpression(pattern: #"(?m)^\s+(?:-\w, )?(--[a-z][a-z0-9-]*)"#)
        let range = NSRange(help.startIndex..., in: help)
        return Set(
            regex.matches(in: help, range: range).compactMap {
                Range($0.range(at: 1), in: help).map { String(help[$0]) }
            })
    }

    @Test func bashCompletionParsesAndOffersSubcommandsAndOptions() throws {
        let cli = CLI()
        let bash = try cli.run(["completion", "bash"])
        #expect(bash.status == 0)
        for word in ["exec", "auth", "sessions", "completion", "--json", "--resume"] {
            #expect(bash.stdout.contains(word), "\(word) offered")
        }
        let script = cli.workdir.appendingPathComponent("sx.bash")
        try Data(bash.stdout.utf8).write(to: script)
        #expect(Spawn.run(["/bin/bash", "-n", script.path]).status == 0, "bash parses it")
        let zsh = try cli.run(["completion", "zsh"])
        #expect(zsh.stdout.hasPrefix("#compdef sx"))
        let fish = try cli.run(["completion", "fish"])
        #expect(fish.stdout.contains("complete -c 'sx'"))
        let bad = try cli.run(["completion", "tcsh"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("tcsh"))
    }

    @Test func theManPageListsEveryCommandAndOptionOfTheHelp() throws {
        let cli = CLI()
        let man = try cli.run(["man"])
        #expect(man.status == 0)
        #expect(man.stdout.hasPrefix(".TH SX 1"))
        for section in [".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH OPTIONS", ".SH COMMANDS"] {
            #expect(man.stdout.contains(section))
        }
        for command in [["exec"], ["chat"], ["sessions"], ["auth"]] {
            #expect(man.stdout.contains(".SS \\fBsx \(command.joined(separator: " "))\\fR"))
            for option in try longOptions(cli, command) where option != "--help" {
                let roff = option.replacingOccurrences(of: "-", with: "\\-")
                #expect(man.stdout.contains("\\fB\(roff)\\fR"), "\(option) of sx \(command[0]) in the man page")
            }
        }
        let ascii = man.stdout.unicodeScalars.allSatisfy { $0.isASCII }
        #expect(ascii, "non-ASCII written as troff escapes")
        let page = cli.workdir.appendingPathComponent("sx.1")
        try Data(man.stdout.utf8).write(to: page)
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/groff") {
            let check = Spawn.run(["/bin/sh", "-c", "/usr/bin/groff -man -Tutf8 -ww -z \(page.path) 2>&1"])
            #expect(check.stdout.isEmpty, "groff warns: \(check.stdout)")
        }
    }
}
