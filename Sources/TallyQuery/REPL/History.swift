import Foundation

/// The REPL's command history, kept across sessions in a file of one entry per line.
///
/// The file is `$TALLY_HISTORY` when set, else `$XDG_STATE_HOME/tally/history`, else
/// `~/.local/state/tally/history`; it holds at most `limit` entries (the newest). Entries are
/// whole statements (a statement typed over several lines is joined with spaces) and
/// dot-commands; an entry equal to the one before it is not repeated.
public struct History: Sendable {
    /// The most entries kept, in memory and in the file.
    public static let defaultLimit = 2000

    /// The entries, oldest first.
    public private(set) var entries: [String] = []
    /// The most entries kept.
    public let limit: Int
    /// The file entries are loaded from and saved to (`nil`: memory only).
    public let path: String?

    /// A history backed by `path`, loading what the file already holds (a missing or unreadable
    /// file is an empty history: history is a convenience, never a reason to fail).
    public init(path: String?, limit: Int = History.defaultLimit) {
        self.path = path
        self.limit = max(1, limit)
        if let path, let data = FileManager.default.contents(atPath: path) {
            let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
            entries = lines.suffix(self.limit).map(String.init)
        }
    }

    /// The history file's path from the environment (see the type's documentation); `nil` when no
    /// home directory can be found.
    public static func defaultPath(environment: [String: String]) -> String? {
        if let explicit = environment["TALLY_HISTORY"], !explicit.isEmpty { return explicit }
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty { return state + "/tally/history" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.local/state/tally/history" }
        return nil
    }

    /// Adds an entry (newlines become spaces; blank entries and repeats of the last are skipped),
    /// dropping the oldest beyond `limit`. Returns whether it was added.
    @discardableResult
    public mutating func add(_ entry: String) -> Bool {
        let flat = entry.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).joined(separator: " ")
        let trimmed = flat.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, entries.last != trimmed else { return false }
        entries.append(trimmed)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
        return true
    }

    /// Writes the entries to `path` (creating its directory), replacing the file atomically.
    public func save() throws {
        guard let path else { return }
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let text = entries.isEmpty ? "" : entries.joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: url, options: .atomic)
    }
}
