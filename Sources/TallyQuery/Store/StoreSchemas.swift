/// The schemas of the store's tables, by name.
enum StoreSchemas {
    static func make(_ name: String, _ columns: [ColumnDescription], key: [String], ordered: Int, doc: String) -> TableSchema {
        // The column lists are static and a test checks every schema builds; should one not,
        // the table shows a single column naming the problem instead of crashing.
        do {
            return try TableSchema(name: name, columns: columns, key: key, doc: doc, orderedKeyColumns: ordered)
        } catch {
            var fallback = TableSchema.placeholder
            fallback.name = name
            fallback.doc = "schema error: \(error.message)"
            return fallback
        }
    }

    static let events = make("events", EventsTable.columns, key: ["position"], ordered: 1, doc: "The raw event log, one row per event, in position order.")

    static func schema(_ name: String) -> TableSchema? {
        switch name {
        case "events": events
        case "conversations": ConversationsTable.schema
        case "users": UsersTable.schema
        case "agent_days": AgentDaysTable.schema
        case "models": ModelsTable.schema
        case "model_tasks": ModelTasksTable.schema
        case "anomalies": AnomaliesTable.schema
        case "best_models": BestModelsView.schema
        default: nil
        }
    }
}

extension TableSchema {
    /// A one-column schema used only if a static schema fails to build.
    static var placeholder: TableSchema {
        TableSchema(unchecked: "error", columns: [ColumnDescription("error", .text)], keyColumns: [0])
    }

    /// A schema from already-checked parts.
    init(unchecked name: String, columns: [ColumnDescription], keyColumns: [Int]) {
        self.name = name
        self.columns = columns
        self.keyColumns = keyColumns
        self.indexes = []
        self.doc = ""
        self.orderedKeyColumns = keyColumns.count
    }
}
