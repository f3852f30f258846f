/// A JSON array with one object per row (column name → value), one row per line:
///
/// ```json
/// [{"agent":"support","cost_usd":1.236000000006,"day":"2026-01-01"},
/// {"agent":"billing","cost_usd":0.5,"day":"2026-01-01"}]
/// ```
///
/// Money is a JSON number carrying every exact digit (at most 12 after the point, never an
/// exponent); timestamps are RFC 3339 strings, days `YYYY-MM-DD` strings; `NULL` and non-finite
/// doubles are `null`. An empty result is `[]`.
public struct JSONRenderer: ResultRenderer {
    private var keys: [String] = []
    private var count = 0

    public init() {}

    public mutating func begin(_ columns: [ResultColumn]) -> String {
        keys = columns.map { JSONRenderer.string($0.name) }
        return ""
    }

    public mutating func row(_ values: [QueryValue]) -> String {
        var out = count == 0 ? "[{" : ",\n{"
        count += 1
        for (i, value) in values.enumerated() {
            if i > 0 { out += "," }
            out += (i < keys.count ? keys[i] : JSONRenderer.string("column\(i + 1)")) + ":" + JSONRenderer.value(value)
        }
        return out + "}"
    }

    public mutating func end() -> String {
        count == 0 ? "[]\n" : "]\n"
    }

    /// One value as JSON.
    public static func value(_ value: QueryValue) -> String {
        switch value {
        case .null: return "null"
        case let .integer(i): return String(i)
        case let .money(m): return m.description
        case let .double(d): return d.isFinite ? d.description : "null"
        case let .bool(b): return b ? "true" : "false"
        case .text, .timestamp, .day: return string(value.description)
        }
    }

    /// A JSON string literal.
    public static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += "\\u00" + CellText.hex2(scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
