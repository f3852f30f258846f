import Foundation

/// One line of the results table.
struct TableRow {
    enum Unit { case rate, megabytes, micros, millis, seconds }
    enum Floor {
        /// Tally's figure must be at least this (rates).
        case atLeast(Double)
        /// Tally's figure must be at most this (times, memory).
        case atMost(Double)
    }

    var group: String
    var title: String
    var tally: String
    var sqlite: String?
    var metric: String
    var unit: Unit
    var floor: Floor?
    /// The floor only applies at this many events or more (the SPEC states some for 10M).
    var floorFromEvents = 0
    /// Also required: Tally at least this many times faster than SQLite.
    var speedup: Double?
    var floorText: String
}

/// Starts each phase as a child process, `runs` times, and prints the table.
struct Parent {
    var options: BenchOptions
    private var results: [String: [[String: String]]] = [:]
    /// Phases whose child process failed (crashed or threw), with the reason.
    private var failures: [String: String] = [:]

    init(_ options: BenchOptions) {
        self.options = options
    }

    static let groups = ["bulk-log", "bulk-proj", "durable", "rebuild", "replay", "point", "aggregate", "open"]

    static func phases(of group: String) -> [String] {
        switch group {
        case "bulk-log": ["tally.bulk-log", "sqlite.bulk-log"]
        case "bulk-proj": ["tally.bulk-proj", "sqlite.bulk-proj"]
        case "durable": ["tally.durable8", "tally.grouped8", "sqlite.durable8", "tally.async64", "sqlite.single64",
                         "tally.grouped8-proj", "tally.async64-proj"]
        case "rebuild": ["tally.rebuild", "sqlite.rebuild"]
        case "replay": ["tally.replay-report", "sqlite.replay-report", "tally.replay-full", "sqlite.replay-full"]
        case "point": ["tally.point", "sqlite.point"]
        case "aggregate": ["tally.aggregate", "sqlite.aggregate"]
        case "open": ["tally.open", "sqlite.open"]
        default: []
        }
    }

    static let rows: [TableRow] = [
        TableRow(group: "bulk-log", title: "Bulk append, log only (events/s)", tally: "tally.bulk-log", sqlite: "sqlite.bulk-log",
                 metric: "rate", unit: .rate, floor: .atLeast(3_000_000), floorText: "≥ 3M/s (issue 2)"),
        TableRow(group: "bulk-log", title: "  on disk after it (MB)", tally: "tally.bulk-log", sqlite: "sqlite.bulk-log",
                 metric: "disk_mb", unit: .megabytes, floorText: ""),
        TableRow(group: "bulk-log", title: "  bytes written to disk per event", tally: "tally.bulk-log", sqlite: "sqlite.bulk-log",
                 metric: "written_bytes_per_event", unit: .megabytes, floorText: ""),
        TableRow(group: "bulk-proj", title: "Bulk append + all projections caught up (events/s)", tally: "tally.bulk-proj", sqlite: "sqlite.bulk-proj",
                 metric: "rate", unit: .rate, floor: .atLeast(2_000_000), floorText: "≥ 2M/s"),
        TableRow(group: "bulk-proj", title: "  on disk after it (MB)", tally: "tally.bulk-proj", sqlite: "sqlite.bulk-proj",
                 metric: "disk_mb", unit: .megabytes, floorText: ""),
        TableRow(group: "bulk-proj", title: "  bytes written to disk per event", tally: "tally.bulk-proj", sqlite: "sqlite.bulk-proj",
                 metric: "written_bytes_per_event", unit: .megabytes, floorText: ""),
        TableRow(group: "durable", title: "8 appenders × batches of 100, `.durable` (events/s)", tally: "tally.durable8", sqlite: "sqlite.durable8",
                 metric: "rate", unit: .rate, floor: .atLeast(500_000), floorText: "≥ 500K/s"),
        TableRow(group: "durable", title: "  ack latency p50 (µs)", tally: "tally.durable8", sqlite: "sqlite.durable8", metric: "p50_us", unit: .micros, floorText: ""),
        TableRow(group: "durable", title: "  ack latency p99 (µs)", tally: "tally.durable8", sqlite: "sqlite.durable8", metric: "p99_us", unit: .micros, floorText: ""),
        TableRow(group: "durable", title: "  bytes written to disk per event", tally: "tally.durable8", sqlite: "sqlite.durable8",
                 metric: "written_bytes_per_event", unit: .megabytes, floorText: ""),
        TableRow(group: "durable", title: "8 appenders × batches of 100, `.grouped` (events/s)", tally: "tally.grouped8", sqlite: "sqlite.durable8",
                 metric: "rate", unit: .rate, floor: .atLeast(500_000), floorText: "≥ 500K/s"),
        TableRow(group: "durable", title: "  ack latency p50 (µs)", tally: "tally.grouped8", sqlite: "sqlite.durable8", metric: "p50_us", unit: .micros, floorText: ""),
        TableRow(group: "durable", title: "  ack latency p99 (µs)", tally: "tally.grouped8", sqlite: "sqlite.durable8", metric: "p99_us", unit: .micros, floorText: ""),
        TableRow(group: "durable", title: "  bytes written to disk per event", tally: "tally.grouped8", sqlite: "sqlite.durable8",
                 metric: "written_bytes_per_event", unit: .megabytes, floorText: ""),
        TableRow(group: "durable", title: "64 tasks × 1 event, async grouped (events/s)", tally: "tally.async64", sqlite: "sqlite.single64",
                 metric: "rate", unit: .rate, floor: .atLeast(100_000), floorText: "≥ 100K/s"),
        TableRow(group: "durable", title: "  ack latency p50 (µs)", tally: "tally.async64", sqlite: "sqlite.single64", metric: "p50_us", unit: .micros, floorText: ""),
        TableRow(group: "durable", title: "  ack latency p99 (µs)", tally: "tally.async64", sqlite: "sqlite.single64", metric: "p99_us", unit: .micros, floorText: ""),
        TableRow(group: "durable", title: "  bytes written to disk per event", tally: "tally.async64", sqlite: "sqlite.single64",
                 metric: "written_bytes_per_event", unit: .megabytes, floorText: ""),
        TableRow(group: "durable", title: "8 × 100 `.grouped`, projections on (events/s)", tally: "tally.grouped8-proj", sqlite: nil,
                 metric: "rate", unit: .rate, floorText: "(for information)"),
        TableRow(group: "durable", title: "64 × 1 async, projections on (events/s)", tally: "tally.async64-proj", sqlite: nil,
                 metric: "rate", unit: .rate, floorText: "(for information)"),
        TableRow(group: "rebuild", title: "Full rebuild of all projections (events/s)", tally: "tally.rebuild", sqlite: "sqlite.rebuild",
                 metric: "rate", unit: .rate, floor: .atLeast(2_000_000), speedup: 10, floorText: "≥ 2M/s and ≥ 10× SQLite"),
        TableRow(group: "replay", title: "What-if replay, report by model and day (s)", tally: "tally.replay-report", sqlite: "sqlite.replay-report",
                 metric: "seconds", unit: .seconds, floor: .atMost(5), floorFromEvents: 10_000_000, speedup: 10, floorText: "< 5 s at 10M and ≥ 10× SQLite"),
        TableRow(group: "replay", title: "What-if replay + what-if projections (s)", tally: "tally.replay-full", sqlite: "sqlite.replay-full",
                 metric: "seconds", unit: .seconds, floor: .atMost(5), floorFromEvents: 10_000_000, speedup: 10, floorText: "< 5 s at 10M and ≥ 10× SQLite"),
        TableRow(group: "point", title: "Point query, one conversation, p50 (µs)", tally: "tally.point", sqlite: "sqlite.point",
                 metric: "p50_us", unit: .micros, floor: .atMost(100), floorText: "< 100 µs"),
        TableRow(group: "point", title: "  p99 (µs)", tally: "tally.point", sqlite: "sqlite.point", metric: "p99_us", unit: .micros, floorText: ""),
        TableRow(group: "aggregate", title: "90-day agent_days aggregate (ms)", tally: "tally.aggregate", sqlite: "sqlite.aggregate",
                 metric: "ms", unit: .millis, floorText: ""),
        TableRow(group: "open", title: "Open store + first point query (ms)", tally: "tally.open", sqlite: "sqlite.open",
                 metric: "ms", unit: .millis, floor: .atMost(200), floorFromEvents: 10_000_000, floorText: "< 200 ms at 10M"),
    ]

    func wanted(_ group: String) -> Bool {
        options.only.isEmpty || options.only.contains { group.contains($0) }
    }

    mutating func run() throws -> Bool {
        try FileManager.default.createDirectory(atPath: options.dir, withIntermediateDirectories: true)
        let began = ContinuousClock.now
        for group in Parent.groups where wanted(group) {
            if group == "open", options.conversation == nil { options.conversation = try sampleConversation() }
            for run in 1...options.runs {
                for phase in Parent.phases(of: group) where options.engines.contains(where: { phase.hasPrefix($0 + ".") }) {
                    let values: [String: String]
                    do {
                        values = try runChild(phase, label: "[\(group) \(run)/\(options.runs)]")
                    } catch {
                        failures[phase] = "\(error)".split(separator: "\n").first.map(String.init) ?? "failed"
                        FileHandle.standardError.write(Data("[\(group) \(run)/\(options.runs)] \(phase): FAILED: \(error)\n".utf8))
                        continue
                    }
                    results[phase, default: []].append(values)
                    if phase == "tally.point", options.conversation == nil { options.conversation = values["sample_conversation"] }
                }
            }
        }
        let table = renderTable(elapsed: (ContinuousClock.now - began).seconds)
        var (checkText, ok) = crossCheck()
        if !failures.isEmpty {
            ok = false
            checkText += "\nPhases that failed (their figures are missing from the table):\n\n"
                + failures.sorted { $0.key < $1.key }.map { "- \($0.key): \($0.value)" }.joined(separator: "\n") + "\n"
        }
        print(table)
        print(checkText)
        if let output = options.output {
            let folder = (output as NSString).deletingLastPathComponent
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            try (table + "\n" + checkText + "\n").write(toFile: output, atomically: true, encoding: .utf8)
        }
        if !options.keep {
            for path in [TallyPhases.logPath(options), TallyPhases.projPath(options), SQLitePhases.logPath(options), SQLitePhases.projPath(options)] {
                ProcessFacts.remove(path)
            }
        }
        return ok
    }

    /// A conversation id for the open-then-query phase when no point phase ran before it: read
    /// from the SQLite store when there is one (so Tally's store is not opened by this process
    /// before its own open is timed), else from Tally's store.
    private func sampleConversation() throws -> String? {
        let sqlitePath = SQLitePhases.projPath(options)
        if FileManager.default.fileExists(atPath: sqlitePath) {
            let db = try SQLiteConnection(path: sqlitePath, readOnly: true)
            return try SQLitePhases.sampleConversations(db, options, count: 1).first
        }
        guard FileManager.default.fileExists(atPath: TallyPhases.projPath(options)) else { return nil }
        let log = try TallyPhases.open(TallyPhases.projPath(options), projections: false)
        return try TallyPhases.sampleConversations(log, options, count: 1).first
    }

    private func runChild(_ phase: String, label: String) throws -> [String: String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = options.childArguments(phase)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.standardError
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("\(phase) failed with status \(process.terminationStatus)\n\(output)")
        }
        let values = ResultLines.parse(output)
        let shown = values.filter { !$0.key.hasPrefix("check.") && !$0.key.hasPrefix("ref.") }
            .sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        FileHandle.standardError.write(Data("\(label) \(phase): \(shown)\n".utf8))
        return values
    }

    // MARK: Statistics

    struct Spread { var median: Double, min: Double, max: Double, count: Int }

    func spread(_ phase: String, _ key: String) -> Spread? {
        let values = (results[phase] ?? []).compactMap { $0[key].flatMap(Double.init) }.sorted()
        guard !values.isEmpty else { return nil }
        let mid = values.count / 2
        let median = values.count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2
        return Spread(median: median, min: values[0], max: values[values.count - 1], count: values.count)
    }

    static func format(_ value: Double, _ unit: TableRow.Unit) -> String {
        switch unit {
        case .rate:
            if value >= 1_000_000 { return String(format: "%.2fM", value / 1_000_000) }
            if value >= 1_000 { return String(format: "%.1fK", value / 1_000) }
            return String(format: "%.0f", value)
        case .megabytes: return String(format: "%.0f", value)
        case .micros: return value >= 1000 ? String(format: "%.0f", value) : String(format: "%.1f", value)
        case .millis: return value >= 100 ? String(format: "%.0f", value) : String(format: "%.2f", value)
        case .seconds: return value >= 10 ? String(format: "%.1f", value) : String(format: "%.2f", value)
        }
    }

    func cell(_ s: Spread?, _ unit: TableRow.Unit, phase: String? = nil) -> String {
        guard let s else { return phase.flatMap { failures[$0] } != nil ? "failed" : "—" }
        let median = Parent.format(s.median, unit)
        return s.count > 1 ? "\(median) (\(Parent.format(s.min, unit))–\(Parent.format(s.max, unit)))" : median
    }

    // MARK: Table

    func renderTable(elapsed: Double) -> String {
        var out = "### \(options.events.formatted()) events, \(options.runs) run\(options.runs == 1 ? "" : "s") per phase\n\n"
        out += "Median (min–max) of the runs. Ratio = Tally / SQLite (for events/s higher is better for Tally; for times lower is).\n\n"
        out += "| Phase | Tally | SQLite | Tally/SQLite | Floor | Met? |\n|---|---:|---:|---:|---|---|\n"
        for row in Parent.rows where wanted(row.group) {
            let t = spread(row.tally, row.metric)
            let q = row.sqlite.flatMap { spread($0, row.metric) }
            var ratio = "—"
            if let t, let q, q.median > 0 { ratio = String(format: "%.2f", t.median / q.median) }
            out += "| \(row.title) | \(cell(t, row.unit, phase: row.tally)) | \(cell(q, row.unit, phase: row.sqlite)) | \(ratio) | \(row.floorText) | \(verdict(row, t, q)) |\n"
        }
        out += "\nPeak memory of each phase's process, median of the runs, MiB: VmHWM (peak resident, which counts the "
        out += "store's file pages read through LMDB's or SQLite's memory map) / peak RssAnon (memory allocated, sampled every 10 ms):\n\n"
        out += "| Phase | Tally | SQLite | Floor | Met? |\n|---|---:|---:|---|---|\n"
        func memory(_ phase: String) -> String? {
            guard let hwm = spread(phase, "hwm_mb") else { return nil }
            let anon = spread(phase, "anon_peak_mb").map { String(format: "%.0f", $0.median) } ?? "?"
            return String(format: "%.0f", hwm.median) + " / " + anon
        }
        for group in Parent.groups where wanted(group) {
            let phases = Parent.phases(of: group)
            for tally in phases where tally.hasPrefix("tally.") {
                let name = String(tally.dropFirst("tally.".count))
                let sqlite = "sqlite." + name
                var floor = ""
                var met = ""
                if name.hasPrefix("replay"), let t = spread(tally, "hwm_mb") {
                    floor = "< 1 GiB resident replaying 10M"
                    let anon = spread(tally, "anon_peak_mb")?.median ?? t.median
                    let verdict = t.median < 1024 ? "met (VmHWM)" : (anon < 1024 ? "VmHWM over (mapped store pages), allocated under" : "**NOT MET**")
                    met = options.events >= 10_000_000 ? verdict : "n/a below 10M (\(verdict))"
                }
                out += "| \(name) | \(memory(tally) ?? "—") | \((phases.contains(sqlite) ? memory(sqlite) : nil) ?? "—") | \(floor) | \(met) |\n"
            }
        }
        out += "\nWall time of the whole run: \(String(format: "%.0f", elapsed)) s.\n"
        return out
    }

    /// "met" / "NOT MET" with the margin; a limit stated for 10M events is "n/a" at fewer.
    func verdict(_ row: TableRow, _ t: Spread?, _ q: Spread?) -> String {
        guard let floor = row.floor, let t else { return "" }
        var parts: [String] = []
        var met = true
        var judged = false
        switch floor {
        case .atLeast(let minimum):
            judged = true
            met = t.median >= minimum
            parts.append(String(format: "%.0f%% of the floor", t.median / minimum * 100))
        case .atMost(let maximum):
            if options.events >= row.floorFromEvents {
                judged = true
                met = t.median < maximum
                parts.append(String(format: "%.0f%% of the limit", t.median / maximum * 100))
            } else {
                parts.append("time limit n/a below \(row.floorFromEvents.formatted()) events")
            }
        }
        if let factor = row.speedup, let q, q.median > 0 {
            judged = true
            let speedup = row.unit == .rate ? t.median / q.median : q.median / t.median
            met = met && speedup >= factor
            parts.append(String(format: "%.1f× SQLite", speedup))
        }
        let word = judged ? (met ? "met" : "**NOT MET**") : "n/a"
        return word + " (" + parts.joined(separator: "; ") + ")"
    }

    // MARK: Correctness

    /// Both engines' totals must agree (and agree with the generator's own count and list cost).
    func crossCheck() -> (String, Bool) {
        var lines: [String] = []
        var ok = true
        func compare(_ left: String, _ right: String, keys: [String]? = nil, rightPrefix: String = "check.", leftPrefix: String = "check.") {
            guard let l = results[left]?.last, let r = results[right]?.last else { return }
            let names = keys ?? l.keys.filter { $0.hasPrefix(leftPrefix) }.map { String($0.dropFirst(leftPrefix.count)) }.sorted()
            for name in names {
                guard let a = l[leftPrefix + name], let b = r[rightPrefix + name] else { continue }
                if a == b {
                    lines.append("- ok   \(left) = \(right): \(name) = \(a)")
                } else {
                    ok = false
                    lines.append("- FAIL \(left) ≠ \(right): \(name): \(a) vs \(b)")
                }
            }
        }
        compare("tally.bulk-proj", "sqlite.bulk-proj")
        compare("tally.bulk-proj", "tally.bulk-proj", keys: ["events", "interactions", "input_tokens", "output_tokens", "cached_input_tokens",
                                                             "cache_write_tokens", "reasoning_tokens", "cost"], rightPrefix: "check.", leftPrefix: "ref.")
        compare("tally.rebuild", "sqlite.rebuild")
        compare("tally.rebuild", "tally.bulk-proj")
        compare("tally.replay-report", "sqlite.replay-report")
        compare("tally.replay-full", "sqlite.replay-full")
        compare("tally.aggregate", "sqlite.aggregate")
        compare("tally.point", "sqlite.point")
        let text = "Correctness cross-check (last run of each phase; `ref` = the generator's own totals and list cost):\n\n"
            + (lines.isEmpty ? "- nothing to compare\n" : lines.joined(separator: "\n") + "\n")
            + (ok ? "\nAll compared totals agree.\n" : "\n**Totals differ: see FAIL lines.**\n")
        return (text, ok)
    }
}
