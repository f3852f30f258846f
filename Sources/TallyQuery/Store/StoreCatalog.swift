import Tally
import TallyStore

/// The query catalog of a Tally store: the projections, the seed-002 views, the raw `events`
/// table and every what-if set a replay left, each statement read in one LMDB snapshot.
///
/// Projection rows are keyed by interned ids, so keys like `conversation_id` serve point
/// lookups but are not stored in text order (`TableSchema.orderedKeyColumns`); `agent_days`
/// is stored by day first, so day ranges are seeks; `events` and `anomalies` are stored in
/// position and id order.
public final class StoreCatalog: QueryCatalog {
    public let log: EventLog

    public init(log: EventLog) {
        self.log = log
    }

    public func withSnapshot<R>(_ body: (any QuerySnapshot) throws(QueryError) -> R) throws(QueryError) -> R {
        var failure: QueryError?
        var result: R?
        do {
            // What-if sets live in the store's derived environment: if it cannot be read (say it
            // was damaged by a power loss during a replay), the log and the main projections are
            // still queried, and only a query naming a what-if table reports why.
            var derived: Environment?
            var setTables: [(name: String, tables: ProjectionTables)] = []
            var derivedFailure: String?
            do {
                let sets = try log.whatIfSets().map(\.name)
                derived = sets.isEmpty ? nil : try log.whatIfEnvironment()
                if let derived {
                    setTables = try sets.map { (name: $0, tables: try ProjectionTables(environment: derived, prefix: "w.\($0).")) }
                }
            } catch {
                derived = nil
                setTables = []
                derivedFailure = "\(error)"
            }
            func run(_ derivedTxn: UnsafeReadTransactionReference?) throws {
                try log.read { reader in
                    let snapshot = StoreSnapshot(
                        log: log, reader: reader, whatIfSets: setTables, whatIfTxn: derivedTxn ?? reader.txn, whatIfFailure: derivedFailure
                    )
                    do throws(QueryError) {
                        result = try body(snapshot)
                    } catch {
                        failure = error
                    }
                }
            }
            if let derived {
                try derived.read { txn in try run(txn.unsafeReference) }
            } else {
                try run(nil)
            }
        } catch let error as QueryError {
            throw error
        } catch {
            throw QueryError(.storage, "storage error: \(error)")
        }
        if let failure { throw failure }
        guard let result else { throw QueryError(.storage, "storage error: the snapshot produced no result") }
        return result
    }
}

/// Runs storage code, turning any non-query error into `QueryError(.storage)`.
@inline(__always)
func storage<R>(_ body: () throws -> R) throws(QueryError) -> R {
    do {
        return try body()
    } catch let error as QueryError {
        throw error
    } catch {
        throw QueryError(.storage, "storage error: \(error)")
    }
}

/// One statement's view of the store.
struct StoreSnapshot: QuerySnapshot {
    let log: EventLog
    let reader: LogReader
    let whatIfSets: [(name: String, tables: ProjectionTables)]
    /// Reads the what-if sets' tables (they live in the store's derived environment).
    let whatIfTxn: UnsafeReadTransactionReference
    /// Why the what-if sets could not be read, when they could not.
    let whatIfFailure: String?

    static let projectionNames = ["conversations", "users", "agent_days", "models", "model_tasks", "anomalies", "best_models"]

    func tableSchemas() throws(QueryError) -> [TableSchema] {
        var out: [TableSchema] = [StoreSchemas.events]
        for name in StoreSnapshot.projectionNames { if let s = StoreSchemas.schema(name) { out.append(s) } }
        for set in whatIfSets {
            for name in StoreSnapshot.projectionNames { if let s = StoreSchemas.schema(name) { out.append(s.renamed("\(set.name).\(name)")) } }
        }
        return out.sorted { $0.name < $1.name }
    }

    func table(named name: String) throws(QueryError) -> (any QueryTable)? {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 1 {
            if name == "events" { return EventsTable(context: context(nil), costs: try? EventCostCalculator(log: log)) }
            guard let projections = log.projections else { return nil }
            return projectionTable(name, tables: projections.tables, qualified: name)
        }
        let set = parts[0] == "main" ? nil : whatIfSets.first { $0.name == parts[0] }
        if parts[0] == "main" {
            if parts[1] == "events" { return EventsTable(context: context(nil), costs: try? EventCostCalculator(log: log)) }
            guard let projections = log.projections else { return nil }
            return projectionTable(parts[1], tables: projections.tables, qualified: name)
        }
        guard let set else {
            if let whatIfFailure {
                throw QueryError(.storage, "the what-if sets cannot be read (\(whatIfFailure)); delete the store's derived/ folder and run the replay again — the log and the main projections are unaffected")
            }
            return nil
        }
        return projectionTable(parts[1], tables: set.tables, qualified: name, txn: whatIfTxn)
    }

    func context(_ tables: ProjectionTables?, txn: UnsafeReadTransactionReference? = nil) -> StoreContext {
        StoreContext(reader: reader, tables: tables ?? log.projections?.tables, txn: txn ?? reader.txn)
    }

    func projectionTable(_ name: String, tables: ProjectionTables, qualified: String, txn: UnsafeReadTransactionReference? = nil) -> (any QueryTable)? {
        guard let schema = StoreSchemas.schema(name)?.renamed(qualified) else { return nil }
        let ctx = context(tables, txn: txn)
        switch name {
        case "conversations": return ConversationsTable(schema: schema, context: ctx)
        case "users": return UsersTable(schema: schema, context: ctx)
        case "agent_days": return AgentDaysTable(schema: schema, context: ctx)
        case "models": return ModelsTable(schema: schema, context: ctx)
        case "model_tasks": return ModelTasksTable(schema: schema, context: ctx)
        case "anomalies": return AnomaliesTable(schema: schema, context: ctx)
        case "best_models": return try? BestModelsView.table(schema: schema, context: ctx)
        default: return nil
        }
    }

    func emptyStoreNotice() -> String? {
        ((try? reader.lastPosition()) ?? 0) == 0 ? "the store is empty: run 'tally demo' or 'tally import FILE'" : nil
    }
}

/// Per-snapshot helpers shared by the tables: the projections reader and a name cache.
final class StoreContext {
    let reader: LogReader
    let projections: ProjectionReader?
    private var names: [Tally.Symbol: String] = [:]

    init(reader: LogReader, tables: ProjectionTables?, txn: UnsafeReadTransactionReference) {
        self.reader = reader
        projections = tables.map { ProjectionReader(tables: $0, log: reader, txn: txn) }
    }

    /// The projections of this table's set (a clear error when the store has none).
    func rows() throws -> ProjectionReader {
        guard let projections else { throw QueryError(.storage, "this store was opened without projections") }
        return projections
    }

    /// A symbol's text as a value (`NULL` for 0).
    func text(_ symbol: Tally.Symbol) throws -> QueryValue {
        guard symbol != 0 else { return .null }
        if let known = names[symbol] { return .text(known) }
        let name = try reader.symbols.name(of: symbol) ?? "#\(symbol)"
        names[symbol] = name
        return .text(name)
    }

    /// The symbol of a text key value (`nil` when the store has never seen it).
    func symbol(_ value: QueryValue) throws -> Tally.Symbol? {
        guard case .text(let text) = value else { return nil }
        return try reader.symbols.symbol(of: text)
    }
}

/// The scan of a projection keyed by one interned name (conversations, users, models): a point
/// lookup when the key is pinned, else every row in stored (first-seen) order.
func scanByName<Row>(
    _ request: ScanRequest, columns: Int, context: StoreContext,
    lookup: (Tally.Symbol) throws -> Row?,
    all: ((Tally.Symbol, Row) throws -> Bool) throws -> Void,
    fill: (inout [QueryValue], [Int], Tally.Symbol, Row) throws -> Void,
    visit: (_ row: [QueryValue]) throws(QueryError) -> ScanStep
) throws(QueryError) -> ScanOutcome {
    try storage {
        let wanted = request.columns.indices
        var row = [QueryValue](repeating: .null, count: columns)
        if let id = request.constraint.equal.first {
            guard let symbol = try context.symbol(id), let found = try lookup(symbol) else { return ScanOutcome(exact: true) }
            try fill(&row, wanted, symbol, found)
            _ = try visit(row)
            return ScanOutcome(exact: true)
        }
        try withoutActuallyEscaping(visit) { visit in
            try withoutActuallyEscaping(fill) { fill in
                try all { symbol, found in
                    try fill(&row, wanted, symbol, found)
                    return try visit(row) == .next
                }
            }
        }
        return ScanOutcome(exact: request.constraint.isUnconstrained)
    }
}

extension ScanRequest {
    /// Whether column `i` must be filled.
    @inline(__always) func wants(_ i: Int) -> Bool { columns.contains(i) }
}

/// Values of common row parts.
enum Cells {
    static func int(_ v: Int64) -> QueryValue { .integer(v) }
    static func money(_ m: Money) -> QueryValue { .money(m) }
    static func time(_ ms: Int64) -> QueryValue { ms == .min || ms == .max ? .null : .timestamp(Timestamp(milliseconds: ms)) }
    static func double(_ v: Double?) -> QueryValue { v.map { .double($0) } ?? .null }
    static func ratio(_ a: Int64, _ b: Int64) -> QueryValue { b > 0 ? .double(Double(a) / Double(b)) : .null }
    static func perCall(_ m: Money, _ n: Int64) -> QueryValue {
        n > 0 ? .money(Money(picodollars: m.picodollars / Int128(n))) : .null
    }
}
