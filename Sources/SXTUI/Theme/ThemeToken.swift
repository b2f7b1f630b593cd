/// The semantic colour names panes use. A theme file must define every one (a test checks all shipped themes);
/// raw values are the JSON keys.
public enum ThemeToken: String, CaseIterable, Sendable, Hashable, Codable {
    case primary, secondary, accent
    case text, textMuted, background, backgroundPanel, backgroundElement
    case border, borderActive
    case userMessage, assistantMessage, thinking
    case toolOk, toolError, toolRunning
    case notice, warning, error, ok, disabled, cooldown
    case statusBar, statusBarText, selection
    case markdownHeading, markdownCode, markdownCodeBlock, markdownQuote, markdownLink, markdownListMarker
    case syntaxKeyword, syntaxString, syntaxComment, syntaxNumber, syntaxType
    case diffAdded, diffRemoved
}
