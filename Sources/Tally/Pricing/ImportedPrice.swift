/// Reasons to leave one upstream model out of an import (internal to the importers).
struct ImportSkip: Error {
    var reason: String
}

/// Reads one upstream price (a JSON number) as a `PerMillionPrice`, applying the rounding rule
/// of `DecimalText` and recording every value that had to be rounded.
///
/// `shift` is the power of ten from the upstream unit to micro-dollars per 1M tokens: 6 for
/// genai-prices ($/Mtok), 12 for LiteLLM ($/token).
func importPrice(
    _ value: JSONValue, shift: Int, model: String, field: String, rounded: inout [PriceImportReport.Rounding]
) throws(ImportSkip) -> PerMillionPrice {
    guard let number = value.numberValue else {
        throw ImportSkip(reason: "\(field) is \(value.kindDescription), not a number")
    }
    switch DecimalText.scaleRoundingHalfEven(number.text, shift: shift, limit: PerMillionPrice.maximumMicrodollars) {
    case .success(let scaled):
        let price = PerMillionPrice(microdollars: scaled.value)
        if !scaled.isExact {
            rounded.append(PriceImportReport.Rounding(model: model, field: field, text: number.text, price: price))
        }
        return price
    case .failure(.negative):
        throw ImportSkip(reason: "\(field) is negative (\(number.text))")
    case .failure(.outOfRange):
        throw ImportSkip(reason: "\(field) is out of range (\(number.text))")
    case .failure(.notANumber):
        throw ImportSkip(reason: "\(field) is not a number (\(number.text))")
    }
}

/// A price that may change with the request's input tokens ("cliff" tiers), as both upstream
/// formats express it per price field.
struct TieredImportPrice: Equatable {
    var base: PerMillionPrice
    /// (threshold, price): applies when input tokens exceed the threshold; ascending.
    var tiers: [(above: Int64, price: PerMillionPrice)]

    static func == (a: TieredImportPrice, b: TieredImportPrice) -> Bool {
        a.base == b.base && a.tiers.count == b.tiers.count && zip(a.tiers, b.tiers).allSatisfy { $0.above == $1.above && $0.price == $1.price }
    }

    /// The price once input tokens exceed `threshold` (and no higher threshold of this field).
    func price(above threshold: Int64) -> PerMillionPrice {
        tiers.last(where: { $0.above <= threshold })?.price ?? base
    }
}

/// The four token prices of one upstream price set, and how they become a Tally entry's prices.
struct ImportedTokenPrices: Equatable {
    var input: TieredImportPrice?
    var output: TieredImportPrice?
    var cachedInput: TieredImportPrice?
    var cacheWrite: TieredImportPrice?

    /// Per-field tiers folded into Tally tiers: one tier per distinct threshold of any field,
    /// setting each tiered field to its price at that threshold (so a field keeps its own lower
    /// tier where another field has a higher one); untiered fields keep the entry's price.
    func tallyPrices() -> (input: PerMillionPrice, output: PerMillionPrice, cachedInput: PerMillionPrice?, cacheWrite: PerMillionPrice?, tiers: [PriceTier]) {
        let fields = [input, output, cachedInput, cacheWrite]
        let thresholds = Set(fields.flatMap { $0?.tiers.map(\.above) ?? [] }).sorted()
        func at(_ field: TieredImportPrice?, _ t: Int64) -> PerMillionPrice? {
            guard let field, !field.tiers.isEmpty else { return nil }
            return field.price(above: t)
        }
        let tiers = thresholds.map { t in
            PriceTier(aboveInputTokens: t, input: at(input, t), output: at(output, t), cachedInput: at(cachedInput, t), cacheWrite: at(cacheWrite, t))
        }
        return (input?.base ?? .zero, output?.base ?? .zero, cachedInput?.base, cacheWrite?.base, tiers)
    }
}
