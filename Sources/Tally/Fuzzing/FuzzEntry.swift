/// The entry points of Tally's fuzz targets (`Fuzz/`, built with `-sanitize=fuzzer`), kept in the
/// library so that the ordinary test suite can replay the committed corpus through exactly the
/// same code, without libFuzzer.
///
/// Each entry takes arbitrary bytes and either accepts them (the input was valid and every
/// property checked on it held) or rejects them (the input was refused with the component's own
/// typed error). It throws `FuzzInvariantViolation` when a property fails — an accepted value that
/// does not survive a round trip, an error of the wrong type, an error pointing outside the
/// input. A crash, a trap or a hang is a failure by itself. The fuzz drivers turn a violation
/// into a trap so that libFuzzer records the input.
public enum FuzzEntry {
    /// The largest input an entry looks at; longer inputs are cut (keeps runs fast and bounded).
    public static let maximumInputBytes = 1 << 16
}

/// What an entry did with its input.
public enum FuzzVerdict: Hashable, Sendable {
    /// Valid input; every property checked held.
    case accepted
    /// Invalid input, refused with the component's typed error.
    case rejected
}

/// A property a fuzz entry checks did not hold: a bug, with a description of what differed.
public struct FuzzInvariantViolation: Error, Hashable, Sendable, CustomStringConvertible {
    /// The entry that found it (`event-record`, `ndjson`, `price-file`, `sql`).
    public var target: String
    /// What differed.
    public var reason: String

    public init(target: String, reason: String) {
        self.target = target
        self.reason = reason
    }

    public var description: String { "\(target): \(reason)" }
}
