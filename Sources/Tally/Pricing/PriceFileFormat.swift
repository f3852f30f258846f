/// The price file formats Tally reads.
public enum PriceFileFormat: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    /// Tally's own price book (`Schemas/price_book.schema.json`).
    case tally
    /// pydantic's genai-prices v2 data file (`prices/new_data/v2/data.json`).
    case genaiPrices = "genai-prices"
    /// LiteLLM's `model_prices_and_context_window.json`.
    case litellm

    public var description: String { rawValue }

    /// Recognizes a format by the shape of the JSON, or returns `nil`.
    ///
    /// - Tally: an object with `models` and an `id` or `currency`.
    /// - genai-prices: an array of provider objects, each with an `id` and a `models` array.
    /// - LiteLLM: an object whose members are objects carrying `litellm_provider`, `mode` or a
    ///   `…cost_per_token` price.
    public static func detect(_ json: JSONValue) -> PriceFileFormat? {
        switch json {
        case .object(let object):
            if object["models"] != nil, object["id"] != nil || object["currency"] != nil {
                return .tally
            }
            for member in object.prefix(50) {
                guard let model = member.value.objectValue else { continue }
                if model["litellm_provider"] != nil || model["input_cost_per_token"] != nil || model["output_cost_per_token"] != nil {
                    return .litellm
                }
            }
            return nil
        case .array(let items):
            guard let first = items.first?.objectValue else { return nil }
            return first["models"]?.arrayValue != nil && first["id"]?.stringValue != nil ? .genaiPrices : nil
        default:
            return nil
        }
    }
}
