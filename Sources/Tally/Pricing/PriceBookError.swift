/// Why a price book (or a price file to import) could not be read.
public enum PriceBookError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The text is not JSON.
    case syntax(JSONParseError)
    /// A field is missing or wrong. `field` is a path such as `models[3].tiers[0].input_per_mtok`;
    /// `entry` and `model` name the entry when the field is inside one.
    case invalidField(field: String, entry: Int?, model: String?, reason: String)
    /// The JSON is none of the known price formats.
    case unrecognizedFormat(String)
    /// The file could not be read or written.
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .syntax(let error):
            return "price book is not valid JSON: \(error)"
        case .invalidField(let field, let entry, let model, let reason):
            var text = "invalid price book: "
            if let entry {
                text += "entry \(entry)"
                if let model { text += " (\(model))" }
                text += ", "
            }
            return text + "field \(field): \(reason)"
        case .unrecognizedFormat(let detail):
            return "unrecognized price file: \(detail)"
        case .io(let path, let reason):
            return "\(path): \(reason)"
        }
    }
}
