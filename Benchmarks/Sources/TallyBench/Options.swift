/// Command-line options, shared by the parent and the child processes it starts.
struct BenchOptions: Sendable {
    /// Events generated for the bulk phases (and hence in the stores the later phases use).
    var events = 1_000_000
    /// `--quick`: ~100K events, one run, and a correctness check of both engines' totals.
    var quick = false
    /// Runs per phase (each in a fresh child process); the table shows the median and the spread.
    var runs = 3
    /// Where the stores are written.
    var dir = "/tmp/tally-bench"
    var seed: UInt64 = 42
    /// Days the generated traffic spans (90, so the 90-day aggregate covers the whole store).
    var days = 90
    /// Events per append call (and per SQLite transaction) in the bulk phases.
    var batch = 10_000
    /// Events appended by the 8-appender durable phases.
    var durableEvents = 200_000
    /// Events appended one by one by Tally's 64 tasks.
    var singleEvents = 50_000
    /// Events inserted one by one by SQLite's 64 threads (fewer: each is its own synced commit).
    var sqliteSingleEvents = 3_000
    /// Point queries timed.
    var pointQueries = 10_000
    /// Only phases whose name contains one of these (parent), or the one phase to run (child).
    var only: [String] = []
    /// Which engines to run (`tally`, `sqlite`; both by default).
    var engines: [String] = ["tally", "sqlite"]
    var child: String?
    /// The conversation the open-then-query phase asks for (found by the point phase).
    var conversation: String?
    /// Also write the Markdown table here.
    var output: String?
    /// Keep the stores afterwards.
    var keep = false

    static func parse(_ arguments: [String]) throws -> BenchOptions {
        var options = BenchOptions()
        var quickSeen = false
        var explicit = Set<String>()
        var index = 0
        func value(_ name: String) throws -> String {
            index += 1
            guard index < arguments.count else { throw UsageError("\(name) needs a value") }
            explicit.insert(name)
            return arguments[index]
        }
        func integer(_ name: String) throws -> Int {
            let text = try value(name).replacingUnderscores()
            guard let number = Int(text), number > 0 else { throw UsageError("\(name) needs a positive integer, got \(text)") }
            return number
        }
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--events": options.events = try integer(argument)
            case "--quick": quickSeen = true
            case "--runs": options.runs = try integer(argument)
            case "--dir": options.dir = try value(argument)
            case "--seed": options.seed = UInt64(try integer(argument))
            case "--days": options.days = try integer(argument)
            case "--batch": options.batch = try integer(argument)
            case "--durable-events": options.durableEvents = try integer(argument)
            case "--single-events": options.singleEvents = try integer(argument)
            case "--sqlite-single-events": options.sqliteSingleEvents = try integer(argument)
            case "--point-queries": options.pointQueries = try integer(argument)
            case "--only": options.only = try value(argument).split(separator: ",").map(String.init)
            case "--engines": options.engines = try value(argument).split(separator: ",").map(String.init)
            case "--child": options.child = try value(argument)
            case "--conversation": options.conversation = try value(argument)
            case "--output": options.output = try value(argument)
            case "--keep": options.keep = true
            case "--help", "-h": throw UsageError(nil)
            default: throw UsageError("unknown option \(argument)")
            }
            index += 1
        }
        if quickSeen {
            options.quick = true
            if !explicit.contains("--events") { options.events = 100_000 }
            if !explicit.contains("--runs") { options.runs = 1 }
            if !explicit.contains("--durable-events") { options.durableEvents = 20_000 }
            if !explicit.contains("--single-events") { options.singleEvents = 5_000 }
            if !explicit.contains("--sqlite-single-events") { options.sqliteSingleEvents = 1_000 }
            if !explicit.contains("--point-queries") { options.pointQueries = 1_000 }
        }
        return options
    }

    /// The arguments that make a child process see the same options.
    func childArguments(_ phase: String) -> [String] {
        var out = ["--child", phase, "--events", String(events), "--dir", dir, "--seed", String(seed), "--days", String(days),
                   "--batch", String(batch), "--durable-events", String(durableEvents), "--single-events", String(singleEvents),
                   "--sqlite-single-events", String(sqliteSingleEvents), "--point-queries", String(pointQueries)]
        if quick { out.append("--quick") }
        if let conversation { out += ["--conversation", conversation] }
        return out
    }

    static let usage = """
        usage: TallyBench [--events N] [--runs R] [--quick] [--dir PATH] [--only a,b] [--output FILE]
                          [--batch N] [--durable-events N] [--single-events N] [--sqlite-single-events N]
                          [--point-queries N] [--seed S] [--days D] [--engines tally,sqlite] [--keep]
        Measures Tally against SQLite on the same generated events; prints a table.
        --quick: ~100K events, one run, checks that both engines computed the same totals
        (exit status 1 on any mismatch).
        """
}

struct UsageError: Error, CustomStringConvertible {
    var message: String?
    init(_ message: String?) { self.message = message }
    var description: String { (message.map { $0 + "\n" } ?? "") + BenchOptions.usage }
}

extension String {
    func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
