import Foundation
import Tally

/// One row of SQLite's `prices` table: a model name (entry name or alias) with its integer
/// prices (µ$ per 1M tokens, so tokens × price is picodollars) and its validity.
///
/// Parsed independently of Tally's pricing layer (with Foundation's JSON parser, off the hot
/// path), from the same book JSON the `price_book` events carry, so that the two engines agreeing
/// on cost to the last digit is a real cross-check.
struct PriceRow {
    var model: String
    var input: Int64
    var output: Int64
    var cached: Int64
    var cacheWrite: Int64
    var tierAbove: Int64?
    var tierInput: Int64?
    var tierOutput: Int64?
    var tierCached: Int64?
    var tierWrite: Int64?
    var effectiveFrom: Int64?
    var effectiveTo: Int64?

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Every model name of every entry of a book (exact names and aliases).
    static func rows(ofBookJSON json: String) throws -> [PriceRow] {
        guard let root = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
              let models = root["models"] as? [[String: Any]] else {
            throw Failure(description: "price book JSON has no models array")
        }
        var rows: [PriceRow] = []
        for entry in models {
            guard let name = entry["model"] as? String else { throw Failure(description: "price entry without model") }
            let input = try micros(entry["input_per_mtok"], "input_per_mtok")
            var row = PriceRow(
                model: name, input: input, output: try micros(entry["output_per_mtok"], "output_per_mtok"),
                cached: try entry["cached_input_per_mtok"].map { try micros($0, "cached_input_per_mtok") } ?? input,
                cacheWrite: try entry["cache_write_per_mtok"].map { try micros($0, "cache_write_per_mtok") } ?? input)
            if let tiers = entry["tiers"] as? [[String: Any]], let tier = tiers.first {
                guard let above = tier["above_input_tokens"] as? Int else { throw Failure(description: "tier without above_input_tokens") }
                let tierInput = try micros(tier["input_per_mtok"], "tiers.input_per_mtok")
                row.tierAbove = Int64(above)
                row.tierInput = tierInput
                row.tierOutput = try micros(tier["output_per_mtok"], "tiers.output_per_mtok")
                row.tierCached = try tier["cached_input_per_mtok"].map { try micros($0, "tiers.cached_input_per_mtok") } ?? tierInput
                row.tierWrite = try tier["cache_write_per_mtok"].map { try micros($0, "tiers.cache_write_per_mtok") } ?? tierInput
                if tiers.count > 1 { throw Failure(description: "the benchmark's SQL handles one tier per entry") }
            }
            if let from = entry["effective_from"] as? String {
                guard let ts = Timestamp(rfc3339: from) else { throw Failure(description: "bad effective_from \(from)") }
                row.effectiveFrom = ts.milliseconds
            }
            if let to = entry["effective_to"] as? String {
                guard let ts = Timestamp(rfc3339: to) else { throw Failure(description: "bad effective_to \(to)") }
                row.effectiveTo = ts.milliseconds
            }
            rows.append(row)
            for alias in entry["aliases"] as? [String] ?? [] {
                var aliasRow = row
                aliasRow.model = alias
                rows.append(aliasRow)
            }
        }
        return rows
    }

    /// A decimal price in $ per 1M tokens ("2.50") as integer micro-dollars, exactly.
    static func micros(_ value: Any?, _ field: String) throws -> Int64 {
        guard let text = value as? String else { throw Failure(description: "\(field) must be a decimal string") }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int64(parts[0]) else { throw Failure(description: "\(field): bad decimal \(text)") }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = String(parts[1])
            guard digits.count <= 6, let f = Int64(digits.isEmpty ? "0" : digits) else {
                throw Failure(description: "\(field): \(text) is finer than a micro-dollar")
            }
            fraction = f
            for _ in digits.count..<6 { fraction *= 10 }
        }
        return whole * 1_000_000 + fraction
    }
}
