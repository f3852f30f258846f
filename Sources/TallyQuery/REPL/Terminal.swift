#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Facts about the process's terminal, and raw mode for the line editor.
public enum Terminal {
    /// Whether standard input is a terminal (the REPL is then interactive).
    public static var standardInputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// Whether standard output is a terminal.
    public static var standardOutputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Whether standard error is a terminal.
    public static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Whether colour may be used on a stream that is a terminal: not when `NO_COLOR` is set to
    /// anything non-empty (https://no-color.org), nor when `TERM` is `dumb`.
    public static func colorAllowed(environment: [String: String]) -> Bool {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }

    /// The terminal's width in columns (80 when unknown).
    public static var width: Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}

/// Raw mode on standard input while it lives: no echo, no line buffering, no signals from keys
/// (Ctrl-C arrives as a byte). `restore()` (or deinit) puts the saved settings back.
final class RawMode {
    private var saved = termios()
    private var active = false

    /// Enters raw mode; `nil` when standard input is not a terminal.
    init?() {
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return nil }
        var raw = saved
        raw.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        raw.c_oflag &= ~tcflag_t(OPOST)
        raw.c_cflag |= tcflag_t(CS8)
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0 else { return nil }
        active = true
    }

    func restore() {
        guard active else { return }
        _ = tcsetattr(STDIN_FILENO, TCSANOW, &saved)
        active = false
    }

    deinit { restore() }
}
