/// Prices stored interactions one at a time with the baseline rules (the tenant's book in force
/// at `ts`), for the `events` table's `cost_usd` column and for spot checks. Caches like the
/// projections do; use one calculator per snapshot.
public final class EventCostCalculator {
    private let pricer: Pricer

    /// A calculator over the log's main projection set (where the price-book timeline lives).
    public init(log: EventLog) throws {
        let tables = try log.projections?.tables ?? ProjectionTables(environment: log.environment, prefix: "p.")
        pricer = Pricer(source: .baseline, schema: log.schema, tables: tables)
    }

    /// The baseline cost of an interaction record, or `nil` when its model has no price.
    public func cost(of record: EventRecord, _ interaction: InteractionRecord, reader: LogReader) throws -> Money? {
        try pricer.cost(of: interaction, tenant: record.tenant, at: record.ts, txn: reader.txn, logTxn: reader.txn)
    }
}
