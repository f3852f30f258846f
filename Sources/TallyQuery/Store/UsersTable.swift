import Tally

/// `users`: one row per user.
struct UsersTable: QueryTable {
    static let columns: [ColumnDescription] = [
        .init("user_id", .text, "the user"),
        .init("tenant", .text, "their tenant"),
        .init("first_seen", .timestamp, "first interaction"),
        .init("last_seen", .timestamp, "latest interaction"),
        .init("conversations", .integer, "conversations"),
        .init("interactions", .integer, "interactions"),
        .init("errors", .integer, "interactions with status error or timeout"),
        .init("input_tokens", .integer, "input tokens"),
        .init("output_tokens", .integer, "output tokens"),
        .init("cost_usd", .money, "baseline cost, exact"),
        .init("cost_per_interaction", .money, "cost_usd / interactions"),
        .init("ratings", .integer, "ratings of their conversations"),
        .init("avg_stars", .double, "average stars"),
        .init("preferred_agent", .text, "best average rating with ≥ 3 ratings, else most used"),
        .init("top_task_type", .text, "their most frequent task type"),
        .init("agent_usage", .text, "per agent: interactions and average stars"),
    ]
    static let schema = StoreSchemas.make("users", columns, key: ["user_id"], ordered: 0, doc: "One row per user.")

    let schema: TableSchema
    let context: StoreContext

    func fill(_ row: inout [QueryValue], _ wanted: [Int], _ symbol: Tally.Symbol, _ u: UserRow) throws {
        for i in wanted {
            switch i {
            case 0: row[i] = try context.text(symbol)
            case 1: row[i] = try context.text(u.tenant)
            case 2: row[i] = Cells.time(u.firstSeen)
            case 3: row[i] = Cells.time(u.lastSeen)
            case 4: row[i] = .integer(u.conversations)
            case 5: row[i] = .integer(u.usage.interactions)
            case 6: row[i] = .integer(u.usage.errors)
            case 7: row[i] = .integer(u.usage.inputTokens)
            case 8: row[i] = .integer(u.usage.outputTokens)
            case 9: row[i] = .money(u.usage.cost)
            case 10: row[i] = Cells.perCall(u.usage.cost, u.usage.interactions)
            case 11: row[i] = .integer(u.ratings.ratings)
            case 12: row[i] = Cells.double(u.ratings.averageStars)
            case 13: row[i] = try u.preferredAgent.map { try context.text($0) } ?? .null
            case 14: row[i] = try u.tasks.top.map { try context.text($0) } ?? .null
            case 15:
                var parts: [String] = []
                for a in u.agents {
                    guard case .text(let name) = try context.text(a.agent) else { continue }
                    let stars = a.ratings.averageStars.map { " \(Double(Int($0 * 100)) / 100)★" } ?? ""
                    parts.append("\(name):\(a.interactions)\(stars)")
                }
                row[i] = .text(parts.joined(separator: ", "))
            default: break
            }
        }
    }

    func scan(_ request: ScanRequest, visit: (_ row: [QueryValue]) throws(QueryError) -> ScanStep) throws(QueryError) -> ScanOutcome {
        let p: ProjectionReader
        do { p = try context.rows() } catch let error as QueryError { throw error } catch { throw QueryError(.storage, "\(error)") }
        return try scanByName(
            request, columns: schema.columns.count, context: context,
            lookup: { try p.user(symbol: $0) }, all: { try p.users($0) }, fill: fill, visit: visit
        )
    }
}
