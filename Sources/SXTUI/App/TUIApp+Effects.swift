import Foundation
import SXCore
import SXProtocol

extension TUIApp {
    func perform(_ effect: Effect) {
        let session = host.session, inbox = self.inbox
        switch effect {
        case .answerApproval(let id, let choice):
            host.answerApproval(id, choice.decision)
        case .send(let prompt, let images):
            Task {
                if !(await session.send(prompt, attachments: images)) {
                    inbox.post(.action(.sendRefused(.init(text: prompt, images: images, names: []))))
                }
            }
        case .sendOnModel(let prompt, let model):
            Task {
                if !(await session.send(prompt, model: model)) {
                    inbox.post(.action(.sendRefused(.init(text: prompt, images: [], names: [], model: model))))
                }
            }
        case .steer(let prompt):
            Task { await session.steer(prompt) }
        case .userCommand(let command):
            Task { await session.runUserCommand(command) }
        case .setEffort(let effort):
            Task {
                await session.setReasoningEffort(effort)
                inbox.post(.action(.sessionStatus(await session.status())))
                inbox.post(.action(.notice("reasoning effort: \(effort)", .info)))
            }
        case .pinProfile(let id):
            Task {
                do {
                    try await session.pinProfile(id)
                    inbox.post(
                        .action(
                            .notice(id.map { "profile \($0) pinned for this session" } ?? "profile: automatic", .info)))
                } catch {
                    inbox.post(.action(.notice("cannot pin \(id ?? "auto"): \(error)", .error)))
                }
            }
        case .attachImage(let path):
            switch ImageFile.read(path) {
            case .success(let image): dispatch(.imageAttached(name: (path as NSString).lastPathComponent, image))
            case .failure(let error): dispatch(.notice(error.message, .error))
            }
        case .interrupt:
            Task { await session.interrupt() }
        case .compact(let focus):
            Task { await session.compact(focus: focus) }
        case .showContext:
            Task { inbox.post(.action(.notice(await session.contextBreakdown().table, .info))) }
        case .switchModel(let model):
            Task {
                do {
                    try await session.switchModel(model)
                    inbox.post(.action(.sessionStatus(await session.status())))
                    inbox.post(.action(.notice("model → \(model)", .info)))
                } catch {
                    inbox.post(.action(.notice("cannot switch to \(model): \(error)", .error)))
                }
            }
        case .quit:
            exitCode = 0
        case .copy(let text):
            copy(text)
        case .export(let path, let markdown):
            let url = URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
            do {
                try Data(markdown.utf8).write(to: url, options: .atomic)
                dispatch(.notice("transcript written to \(url.path)", .info))
            } catch {
                dispatch(.notice("cannot write \(url.path): \(error.localizedDescription)", .error))
            }
        case .setTheme(let name):
            let (loaded, warning) = loader.load(name, mode: theme.mode)
            if let warning {
                dispatch(.notice(warning, .warning))
                return
            }
            theme = loaded
            terminal.invalidate()
            dispatch(.themeChanged(loaded.name))
        case .previewTheme(let name):
            let (loaded, warning) = loader.load(name, mode: theme.mode)
            guard warning == nil else { return }
            theme = loaded
            terminal.invalidate()
            dispatch(.themeChanged(loaded.name))
        case .switchSession(let request):
            switchSession(request)
        case .listSessions:
            listSessions()
        case .loadCommands:
            loadCommands(announce: true)
        case .editPrompt(let text):
            let command = settings.editor
            let result = terminal.whileAway { PromptEditor.edit(text, command: command) }
            switch result {
            case .success(let edited): dispatch(.promptEdited(edited))
            case .failure(let failure): dispatch(.notice(failure.message, .warning))
            }
        case .notify(let message):
            let tmux = ProcessInfo.processInfo.environment["TMUX"].map { !$0.isEmpty } ?? false
            if let sequence = DesktopNotification.sequence(message, mode: settings.notify, tmux: tmux) {
                terminal.writeControl(sequence)
            }
        case .undo(let overwrite):
            Task {
                let report = await session.undo(overwrite: overwrite)
                inbox.post(.action(.restored(report, command: "/undo")))
            }
        case .redo(let overwrite):
            Task {
                let report = await session.redo(overwrite: overwrite)
                inbox.post(.action(.restored(report, command: "/redo")))
            }
        case .listRewindPoints:
            Task { inbox.post(.action(.rewindPoints(await session.rewindPoints()))) }
        case .rewind(let turn, let scope, let overwrite):
            Task {
                let report = await session.rewind(toTurn: turn, scope: scope, overwrite: overwrite)
                if report.keptTurns != nil {
                    inbox.post(
                        .action(
                            .sessionReplaced(
                                await session.status(), history: await session.history(),
                                notice:
                                    "rewound to after turn \(turn) (\(scope.rawValue)); later messages stay in the transcript",
                                earlier: await session.earlierHistory())))
                }
                inbox.post(.action(.restored(report, command: "/rewind \(turn) \(scope.rawValue)")))
            }
        }
    }

    /// Reads the custom command folders off the main actor (a few small files, but on a network home they may
    /// stall); the result comes back as an action.
    func loadCommands(announce: Bool) {
        let folders = settings.commandFolders, inbox = self.inbox
        let builtIns = Set(SlashCommand.allCases.map(\.rawValue))
        tasks.append(
            Task.detached(priority: .utility) {
                inbox.post(
                    .action(.commandsLoaded(CommandLibrary.load(folders, builtIns: builtIns), announce: announce)))
            })
    }

    /// OSC 52 puts the text on the clipboard of the terminal (through ssh and tmux with `set-clipboard on`); the
    /// file is the fallback for terminals that ignore OSC 52.
    func copy(_ text: String) {
        let encoded = Data(text.utf8).base64EncodedString()
        terminal.writeControl("\u{1B}]52;c;\(encoded)\u{07}")
        let home = settings.home?.path ?? NSTemporaryDirectory()
        let path = home + "/clipboard.txt"
        try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let saved = (try? Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)) != nil
        dispatch(.notice("copied \(text.count) characters" + (saved ? " (also in \(path))" : ""), .info))
    }
}

extension ApprovalChoice {
    /// The person's key as the engine takes it; a "no" tells the model why.
    var decision: ApprovalDecision {
        switch self {
        case .yes: .approve
        case .always: .approveForSession
        case .no(let reason?) where !reason.isEmpty: .deny(reason: "the user said no: \(reason)")
        case .no: .deny(reason: "the user said no")
        }
    }
}
