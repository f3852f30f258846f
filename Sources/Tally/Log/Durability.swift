/// How an append reaches the disk before it is acknowledged.
public enum Durability: String, Sendable, Hashable, CaseIterable {
    /// Each batch is its own transaction, committed and fsynced before `append` returns.
    case durable
    /// Concurrent appenders' batches share one transaction and one fsync; each is acknowledged
    /// only after that shared commit is on disk. Throughput from many small appenders.
    case grouped
    /// No fsync per commit; call `EventLog.sync()` at the end (as `tally import` does). A process
    /// crash loses nothing committed; a power loss may lose the batches since the last sync.
    case bulk
}
