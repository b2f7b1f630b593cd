import Foundation
import SXEngine

/// Everything that can change `AppState`. Reducers turn these into state and `Effect`s; nothing else mutates state.
public enum Action: Sendable {
    case key(Key)
    case engine(EngineEvent)
    case resize(width: Int, height: Int)
    /// The clock moved (countdowns, "press again" expiry); injected so tests need no sleeping.
    case tick(Date)
    case sessionStatus(SessionStatus)
    case profiles([ProfileStatus])
    /// An effect finished with something to tell the person (model switched, copy done, export failed…).
    case notice(String, NoticeLevel)
    case themeChanged(String)
    case scrollResolved(ScrollState)
    /// An image read for the next prompt (`/image PATH` or a pasted image path).
    case imageAttached(name: String, ImageData)
    case filesIndexed([String])
}

/// What the app loop must do outside the reducer (IO against the session, the clipboard, the filesystem).
public enum Effect: Sendable, Equatable {
    case send(String, images: [ImageData] = [])
    /// Pin a profile for the session (nil: let failover choose again).
    case pinProfile(String?)
    /// Read an image file for the next prompt (IO, so the app does it).
    case attachImage(path: String)
    case interrupt
    case switchModel(String)
    case quit
    case copy(String)
    case export(path: String, markdown: String)
    case setTheme(String)
    /// Shows a theme without announcing it (the `/theme` picker's live preview).
    case previewTheme(String)
    /// A slash command the reducer does not own (e.g. /new, /resume); the app decides what it can do.
    case command(name: String, argument: String)
}

public enum NoticeLevel: Sendable, Equatable { case info, warning, error }
